import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev` serves the portal with hot reload and forwards API calls to a local
// `lms serve` (default LMS_BIND). The production build is served by `lms serve` itself.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
    },
  },
});
