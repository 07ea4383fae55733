// Easy Nav (SPEC §8): type part of a location's name or HWKC, pick a match, go to its page.
import { useNavigate } from 'react-router';
import { LocationSearch } from '../locations/LocationSearch';

export function EasyNav() {
  const navigate = useNavigate();
  return (
    <LocationSearch
      label="Find a location"
      hint="Searches the names and hardware key codes of all your customers' locations. Use ↑ ↓ and Enter, or click a match."
      onPick={(l) => navigate(`/locations/${l.id}`)}
      autoFocus
    />
  );
}
