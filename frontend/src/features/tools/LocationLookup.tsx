// Location look-up (SPEC §8): three or more characters of a location's name or HWKC find it
// across the partner's customers; each match links to the location's page. The same search as
// Easy Nav (`useLocationSearch`), shown as a list of links rather than a picker.
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../components/feedback';
import { TextField } from '../../components/fields';
import { useDebounced } from '../../lib/hooks';
import { useCustomerNames } from '../customers/queries';
import { useLocationSearch } from '../locations/queries';
import { useSystemTypeName } from '../locations/systemTypes';
import { SwaStatusIcon } from '../swa/SwaStatusIcon';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import { csvExports } from '../../api/exports';

const MIN_CHARS = 3;
const MAX_RESULTS = 25;

export function LocationLookup() {
  const [text, setText] = useState('');
  const typed = useDebounced(text.trim(), 250);
  const q = typed.length >= MIN_CHARS ? typed : '';
  const search = useLocationSearch(q, MAX_RESULTS);
  const matches = q ? (search.data?.items ?? []) : [];
  const customerNames = useCustomerNames(matches);
  const typeName = useSystemTypeName();

  return (
    <div className="lookup">
      <TextField
        label="Location name or hardware key code"
        type="search"
        autoComplete="off"
        spellCheck={false}
        hint={`Type at least ${MIN_CHARS} characters of a location’s name or HWKC.`}
        value={text}
        onChange={(e) => setText(e.target.value)}
        className="search-field"
      />
      <div className="toolbar">
        <ExportCsvButton
          download={csvExports.locations(q)}
          label={q ? 'Export the matches (CSV)' : 'Export all locations (CSV)'}
        />
      </div>
      <div aria-live="polite" className="lookup-status">
        {q && search.isError && <p className="field-error">{errorMessage(search.error)}</p>}
        {q && search.isSuccess && !search.isPlaceholderData && (
          <p className={matches.length === 0 ? 'empty' : 'muted'}>
            {matches.length === 0
              ? `No location matches “${q}”.`
              : search.data.next_cursor
                ? `The first ${matches.length} matches; type more to narrow them.`
                : `${matches.length} ${matches.length === 1 ? 'match' : 'matches'}.`}
          </p>
        )}
      </div>
      {matches.length > 0 && (
        <ul className="lookup-results" aria-label="Locations found">
          {matches.map((l) => (
            <li key={l.id}>
              <Link to={`/locations/${l.id}`} className="lookup-name">
                {l.name}
              </Link>
              <span className="muted">
                {customerNames.get(l.customer_id) ?? ''}
                {customerNames.has(l.customer_id) ? ' · ' : ''}
                {typeName(l.system_type)}
              </span>
              <code className="hwkc">{l.hwkc}</code>
              <SwaStatusIcon status={l.swa_status} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
