import type { ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { isVendorAdmin, useSession, type LoginState } from './auth/session';
import { Layout } from './components/Layout';
import { ErrorNotice, Loading } from './components/feedback';
import { PageHeader } from './components/page';
import { LoginPage } from './features/auth/LoginPage';
import { SsoPage } from './features/auth/SsoPage';
import { HomePage } from './features/home/HomePage';
import { CustomersPage } from './features/customers/CustomersPage';
import { CustomerRoute } from './features/customers/CustomerPage';
import { NewCustomerPage, EditCustomerPage } from './features/customers/CustomerFormPages';
import { NewLocationPage, NewChildLocationPage } from './features/locations/NewLocationPages';
import { LocationRoute } from './features/locations/LocationPage';
import { AdminLayout } from './features/admin/AdminLayout';
import { PartnersPage } from './features/admin/PartnersPage';
import { UsersPage } from './features/admin/UsersPage';
import { AllowancesPage } from './features/admin/AllowancesPage';
import { ShipmentsPage } from './features/admin/ShipmentsPage';
import { ExternalFilesPage } from './features/admin/ExternalFilesPage';
import { HardwareReplacementPage } from './features/admin/HardwareReplacementPage';
import { DectImportsPage } from './features/admin/DectImportsPage';
import { AdminApiKeysPage } from './features/admin/ApiKeysPage';
import { WebhooksPage } from './features/admin/webhooks/WebhooksPage';
import { WebhookMessagesPage } from './features/admin/webhooks/MessagesPage';
import { AccountPage } from './features/account/AccountPage';
import { ApiKeysPage } from './features/account/ApiKeysPage';
import { LicenseBinPage } from './features/licenses/LicenseBinPage';
import { HelpPage } from './features/help/HelpPage';
import { ToolsPage } from './features/tools/ToolsPage';
import { RequireSwaRole, SwaPage } from './features/swa/SwaPage';
import { RenewalRoute } from './features/swa/RenewalPage';

/** Pages behind the login: without a token → login page; then wait for `GET /me`. */
function RequireSession({ children }: { children: ReactNode }) {
  const { token, exit, me, meError } = useSession();
  const location = useLocation();
  if (!token) {
    // After a logout the next user starts at home; otherwise come back here after login.
    const state: LoginState =
      exit === 'logout' ? {} : { from: location.pathname + location.search, expired: exit === 'expired' };
    return <Navigate to="/login" replace state={state} />;
  }
  if (meError) return <ErrorNotice error={meError} title="Your account could not be loaded" />;
  if (!me) return <Loading what="your account" />;
  return children;
}

function RequireVendorAdmin({ children }: { children: ReactNode }) {
  const { me } = useSession();
  return me && isVendorAdmin(me) ? children : <NotFound />;
}

function NotFound() {
  return (
    <PageHeader title="Page not found">
      <p>There is no page at this address. Use the navigation above.</p>
    </PageHeader>
  );
}

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/sso" element={<SsoPage />} />
      <Route
        element={
          <RequireSession>
            <Layout />
          </RequireSession>
        }
      >
        <Route index element={<HomePage />} />
        <Route path="customers" element={<CustomersPage />} />
        <Route path="customers/new" element={<NewCustomerPage />} />
        <Route path="customers/:customerId" element={<CustomerRoute />} />
        <Route path="customers/:customerId/edit" element={<EditCustomerPage />} />
        <Route path="customers/:customerId/locations/new" element={<NewLocationPage />} />
        <Route path="locations/:locationId" element={<LocationRoute />} />
        <Route path="locations/:locationId/children/new" element={<NewChildLocationPage />} />
        <Route path="license-bin" element={<LicenseBinPage />} />
        <Route
          path="swa"
          element={
            <RequireSwaRole>
              <SwaPage />
            </RequireSwaRole>
          }
        />
        <Route
          path="customers/:customerId/swa-renewal"
          element={
            <RequireSwaRole>
              <RenewalRoute />
            </RequireSwaRole>
          }
        />
        <Route
          path="admin"
          element={
            <RequireVendorAdmin>
              <AdminLayout />
            </RequireVendorAdmin>
          }
        >
          <Route index element={<Navigate to="partners" replace />} />
          <Route path="partners" element={<PartnersPage />} />
          <Route path="users" element={<UsersPage />} />
          <Route path="shipping-allowances" element={<AllowancesPage />} />
          <Route path="shipments" element={<ShipmentsPage />} />
          <Route path="external-license-files" element={<ExternalFilesPage />} />
          <Route path="hardware-replacement" element={<HardwareReplacementPage />} />
          <Route path="dect-imports" element={<DectImportsPage />} />
          <Route path="api-keys" element={<AdminApiKeysPage />} />
          <Route path="webhooks" element={<WebhooksPage />} />
          <Route path="webhook-messages" element={<WebhookMessagesPage />} />
        </Route>
        <Route path="tools" element={<ToolsPage />} />
        <Route path="account" element={<AccountPage />} />
        <Route path="account/api-keys" element={<ApiKeysPage />} />
        <Route path="help" element={<HelpPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
