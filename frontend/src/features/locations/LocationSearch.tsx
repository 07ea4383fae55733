// Find a location as you type (SPEC §8): part of its name or HWKC, across the partner's
// customers. A combobox: the input keeps focus, arrow keys move through the matches, Enter
// picks one. Easy Nav opens the pick; the license bin attaches to it.
import { useId, useState, type KeyboardEvent } from 'react';
import type { Location } from '../../api/client';
import { useDebounced } from '../../lib/hooks';
import { errorMessage } from '../../components/feedback';
import { useCustomerNames } from '../customers/queries';
import { useLocationSearch } from './queries';
import { SwaStatusIcon } from '../swa/SwaStatusIcon';
import { useSystemTypeName } from './systemTypes';

const MAX_RESULTS = 10;

export function LocationSearch({
  label,
  hint,
  onPick,
  autoFocus,
  className = 'easynav',
}: {
  label: string;
  hint: string;
  onPick: (location: Location) => void;
  autoFocus?: boolean;
  className?: string;
}) {
  const typeName = useSystemTypeName();
  const [text, setText] = useState('');
  const [active, setActive] = useState(-1);
  const q = useDebounced(text.trim(), 250);
  const listId = useId();
  const hintId = useId();

  const search = useLocationSearch(q, MAX_RESULTS);
  const showing = text.trim() !== '' && q !== '';
  const matches = showing ? (search.data?.items ?? []) : [];
  const customerNames = useCustomerNames(matches);

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown' && matches.length > 0) {
      e.preventDefault();
      setActive((a) => (a + 1) % matches.length);
    } else if (e.key === 'ArrowUp' && matches.length > 0) {
      e.preventDefault();
      setActive((a) => (a <= 0 ? matches.length - 1 : a - 1));
    } else if (e.key === 'Enter') {
      const pick = matches[active] ?? (matches.length === 1 ? matches[0] : undefined);
      if (pick) {
        e.preventDefault();
        onPick(pick);
      }
    } else if (e.key === 'Escape' && text !== '') {
      // Clears the search; a second Escape reaches a surrounding dialog and closes it.
      e.preventDefault();
      setText('');
      setActive(-1);
    }
  }

  const optionId = (i: number) => `${listId}-option-${i}`;
  const expanded = matches.length > 0;

  return (
    <div className={className}>
      <label htmlFor={`${listId}-input`} className="easynav-label">
        {label}
      </label>
      <input
        id={`${listId}-input`}
        className="easynav-input"
        type="search"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={active >= 0 && active < matches.length ? optionId(active) : undefined}
        aria-describedby={hintId}
        placeholder="Part of a location name or hardware key code"
        autoFocus={autoFocus}
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
      />
      <p id={hintId} className="hint">
        {hint}
      </p>
      <div aria-live="polite" className="easynav-status">
        {showing && search.isError && <span className="field-error">{errorMessage(search.error)}</span>}
        {showing && search.isSuccess && !search.isPlaceholderData && matches.length === 0 && (
          <span>No location matches “{q}”.</span>
        )}
        {showing && matches.length > 0 && (
          <span className="visually-hidden">
            {matches.length} {matches.length === 1 ? 'match' : 'matches'}
          </span>
        )}
      </div>
      <ul id={listId} role="listbox" aria-label="Matching locations" className="easynav-results" hidden={!expanded}>
        {matches.map((l, i) => (
          <li
            key={l.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => onPick(l)}
            onMouseEnter={() => setActive(i)}
          >
            <span className="easynav-name">{l.name}</span>
            <span className="easynav-meta">
              {customerNames.get(l.customer_id) ?? ''}
              {customerNames.has(l.customer_id) ? ' · ' : ''}
              {typeName(l.system_type)}
            </span>
            <code className="hwkc">{l.hwkc}</code>
            <SwaStatusIcon status={l.swa_status} />
          </li>
        ))}
      </ul>
      {showing && search.data?.next_cursor && (
        <p className="hint">More locations match; type more of the name or code to narrow the list.</p>
      )}
    </div>
  );
}
