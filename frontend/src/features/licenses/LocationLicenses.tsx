// A location's licenses (SPEC §2 steps 4–6, §5): what is attached (detach, or select and
// activate after a preview and the license agreement), what is activated, the stacked
// result the license file holds (download, regenerate), and demo licenses.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import {
  ApiError,
  api,
  call,
  callFile,
  saveFile,
  type Activation,
  type Attachment,
  type Location,
  type Stacked,
  type SystemTypeInfo,
} from '../../api/client';
import { ErrorNotice, Loading, Notice, errorMessage } from '../../components/feedback';
import { Section } from '../../components/page';
import { formatDateTime, sentence } from '../../lib/format';
import {
  KIND_LABEL,
  compareStacked,
  featureName,
  featureValue,
  useLicensesChanged,
  useLocationLicenses,
  usePartDescription,
} from './queries';
import { ActivatedTable } from './ActivatedTable';
import { DECT_UPLOAD_TYPES, DectUpload } from './DectUpload';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What the portal says when there is no file to download (yet). */
function fileProblem(error: unknown, typeName: string): { kind: 'info' | 'error'; text: string } {
  if (error instanceof ApiError && error.code === 'NOTHING_ACTIVATED')
    return {
      kind: 'info',
      text: 'There is no license file yet: nothing has been activated on this location. Activate attached licenses first.',
    };
  if (error instanceof ApiError && error.code === 'LICENSE_FILE_NOT_AVAILABLE')
    return {
      kind: 'info',
      text: `The license file is not available yet. ${typeName} license files are produced outside the LMS; it appears here as soon as it arrives, and your users are notified.`,
    };
  return { kind: 'error', text: errorMessage(error) };
}

/** Downloads the location's current license file; problems come back as a message. */
function useDownload(l: Location, typeName: string) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);
  async function download() {
    setBusy(true);
    setProblem(null);
    try {
      const file = await callFile(
        api.GET('/api/v1/locations/{id}/license-file', { params: { path: { id: l.id } }, parseAs: 'blob' }),
        `${l.hwkc}.lic`,
      );
      saveFile(file);
    } catch (err) {
      setProblem(fileProblem(err, typeName));
    } finally {
      setBusy(false);
    }
  }
  return { download, busy, problem, clear: () => setProblem(null) };
}

function StackedTable({ stacked, caption }: { stacked: Stacked[]; caption: string }) {
  return (
    <div className="table-wrap">
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Feature</th>
            <th scope="col">Kind</th>
            <th scope="col" className="num">
              Value
            </th>
            <th scope="col">From parts</th>
          </tr>
        </thead>
        <tbody>
          {stacked.map((s) => (
            <tr key={s.feature}>
              <th scope="row">
                {featureName(s.feature)} <code className="muted feature-key">{s.feature}</code>
              </th>
              <td>{KIND_LABEL[s.kind]}</td>
              <td className="num">
                <strong>{featureValue(s.kind, s.value)}</strong>
              </td>
              <td>
                {s.part_numbers.map((p) => (
                  <code key={p} className="part-chip">
                    {p}
                  </code>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The preview of an activation, the agreement, and the irreversible step itself. */
function ActivationPanel({
  l,
  ids,
  rows,
  onCancel,
  onDone,
}: {
  l: Location;
  ids: string[];
  rows: Attachment[];
  onCancel: () => void;
  onDone: (done: Activation) => void;
}) {
  const headingId = useId();
  const [accepted, setAccepted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const preview = useQuery({
    queryKey: ['license-preview', l.id, ids.join(',')],
    queryFn: () =>
      call(
        api.GET('/api/v1/locations/{id}/license-preview', {
          params: { path: { id: l.id }, query: { attachment_ids: ids.join(',') } },
        }),
      ),
    staleTime: 0,
    gcTime: 0,
  });
  const violation = preview.data?.rule_violation ?? null;

  async function activate(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(
        await call(
          api.POST('/api/v1/locations/{id}/activations', {
            params: { path: { id: l.id } },
            body: { attachment_ids: ids, accept_license_agreement: true },
          }),
        ),
      );
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const count = rows.reduce((n, r) => n + r.quantity, 0);
  return (
    <section className="activation-panel" aria-labelledby={headingId}>
      <h3 id={headingId}>Activate {plural(count, 'license')}</h3>
      <p className="muted">
        {rows.map((r) => `${r.quantity} × ${r.part_number}`).join(', ')} from{' '}
        {[...new Set(rows.map((r) => r.po_number))].map((p) => `PO ${p}`).join(', ')}
      </p>
      {preview.isPending && <Loading what="the preview" />}
      {preview.isError && <ErrorNotice error={preview.error} title="The preview could not be made" />}
      {preview.isSuccess && (
        <>
          <p>
            The license file <code>{preview.data.file_name}</code> for hardware key code{' '}
            <code className="hwkc">{preview.data.hwkc}</code> will hold:
          </p>
          <div className="table-wrap">
            <table className="data-table preview-table">
              <caption className="visually-hidden">License file now and after the activation</caption>
              <thead>
                <tr>
                  <th scope="col">Feature</th>
                  <th scope="col" className="num">
                    Now
                  </th>
                  <th scope="col" className="num">
                    After activation
                  </th>
                </tr>
              </thead>
              <tbody>
                {compareStacked(preview.data.current, preview.data.after).map((row) => (
                  <tr key={row.feature} className={row.changed ? 'row-changed' : undefined}>
                    <th scope="row">
                      {featureName(row.feature)} <code className="muted feature-key">{row.feature}</code>
                    </th>
                    <td className="num">
                      {row.before ? featureValue(row.kind, row.before.value) : <span className="muted">—</span>}
                    </td>
                    <td className="num">
                      <strong>{row.after ? featureValue(row.kind, row.after.value) : '—'}</strong>
                      {row.changed && <span className="badge badge-ok">changes</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {violation && (
            <div className="notice notice-error rule-violation" role="alert" data-code={violation.code}>
              <strong className="notice-title">
                This activation would break a product rule <code>{violation.code}</code>
              </strong>
              <p>{sentence(violation.message)}.</p>
              <p className="user-action">
                <strong>What to do:</strong> {violation.user_action}
              </p>
            </div>
          )}
          <form onSubmit={activate} className="form" aria-label="Activate licenses" noValidate>
            <label className="check agreement">
              <input
                type="checkbox"
                required
                checked={accepted}
                disabled={violation != null}
                onChange={(e) => setAccepted(e.target.checked)}
              />
              <span>
                <strong>I accept the license agreement</strong>{' '}
                <span className="muted">
                  for these licenses. Activation is permanent: activated licenses can never be detached or moved to
                  another location.
                </span>
              </span>
            </label>
            {error != null && <ErrorNotice error={error} title="Nothing was activated" />}
            <div className="form-actions">
              <button type="submit" className="button button-primary" disabled={!accepted || busy || violation != null}>
                {busy ? 'Activating…' : 'Activate permanently'}
              </button>
              <button type="button" className="button" onClick={onCancel} disabled={busy}>
                Cancel
              </button>
            </div>
          </form>
        </>
      )}
    </section>
  );
}

/** One attached row's detach controls: all of it, or a number of it. */
function DetachControls({
  a,
  busy,
  onDetach,
}: {
  a: Attachment;
  busy: boolean;
  onDetach: (quantity?: number) => void;
}) {
  const [some, setSome] = useState<string | null>(null);
  if (some !== null) {
    const n = Number(some);
    const valid = /^\d+$/.test(some.trim()) && n >= 1 && n <= a.quantity;
    return (
      <form
        className="detach-some"
        aria-label={`Detach some ${a.part_number}`}
        onSubmit={(e) => {
          e.preventDefault();
          if (!valid) return;
          setSome(null);
          onDetach(n === a.quantity ? undefined : n);
        }}
        noValidate
      >
        <input
          type="number"
          className="sel-input"
          min={1}
          max={a.quantity}
          step={1}
          aria-label={`Quantity of ${a.part_number} to detach`}
          value={some}
          onChange={(e) => setSome(e.target.value)}
          autoFocus
        />
        <button type="submit" className="button button-small" disabled={!valid || busy}>
          Detach
        </button>
        <button type="button" className="button button-small button-link" onClick={() => setSome(null)}>
          Cancel
        </button>
      </form>
    );
  }
  return (
    <div className="row-actions">
      <button
        type="button"
        className="button button-small"
        disabled={busy}
        onClick={() => onDetach()}
        aria-label={`Detach all ${a.quantity} × ${a.part_number}`}
      >
        Detach all
      </button>
      {a.quantity > 1 && (
        <button
          type="button"
          className="button button-small"
          disabled={busy}
          onClick={() => setSome('1')}
          aria-label={`Detach some of ${a.part_number}`}
        >
          Detach some…
        </button>
      )}
    </div>
  );
}

function DemoLicenses({ l, canChange }: { l: Location; canChange: boolean }) {
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<ReactNode>(null);
  const [error, setError] = useState<unknown>(null);
  const remaining = l.demo_licenses_remaining;

  async function issue() {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const file = await callFile(
        api.POST('/api/v1/locations/{id}/demo-licenses', { params: { path: { id: l.id } }, parseAs: 'blob' }),
        `${l.hwkc}-demo.lic`,
      );
      saveFile(file);
      const header = Number(file.response.headers.get('x-demo-licenses-remaining'));
      const left = Number.isFinite(header) ? header : remaining - 1;
      queryClient.setQueryData(['location', l.id], { ...l, demo_licenses_remaining: left });
      void queryClient.invalidateQueries({ queryKey: ['location-audit', l.id] });
      setMessage(
        <>
          Demo license <code>{file.name}</code> downloaded. It opens every feature for 30 days.{' '}
          {plural(left, 'demo license')} left.
        </>,
      );
    } catch (err) {
      setError(err);
      void queryClient.invalidateQueries({ queryKey: ['location', l.id] });
    } finally {
      setBusy(false);
    }
  }

  const reasonId = useId();
  return (
    <Section title="Demo licenses">
      <p>A demo license is a file that opens all features for 30 days, for a trial on site. Each location gets two.</p>
      <p className="demo-count" data-testid="demo-remaining">
        <strong>{remaining}</strong> of 2 demo licenses left
      </p>
      {message && <Notice kind="success">{message}</Notice>}
      {error != null && <ErrorNotice error={error} title="No demo license was issued" />}
      {canChange && (
        <div className="form-actions">
          <button
            type="button"
            className="button"
            disabled={busy || remaining <= 0}
            aria-describedby={remaining <= 0 ? reasonId : undefined}
            onClick={issue}
          >
            {busy ? 'Issuing…' : 'Download a demo license'}
          </button>
          {remaining <= 0 && (
            <span id={reasonId} className="muted">
              Both demo licenses of this location have been used; no more can be issued.
            </span>
          )}
        </div>
      )}
    </Section>
  );
}

export function LocationLicenses({
  l,
  type,
  canChange,
}: {
  l: Location;
  type: SystemTypeInfo | undefined;
  canChange: boolean;
}) {
  const licenses = useLocationLicenses(l.id);
  const changed = useLicensesChanged();
  const describe = usePartDescription();
  const typeName = type?.name ?? l.system_type;
  const file = useDownload(l, typeName);
  const [selected, setSelected] = useState<string[]>([]);
  const [activating, setActivating] = useState<string[] | null>(null);
  const [done, setDone] = useState<Activation | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [regenerated, setRegenerated] = useState<{ name: string; code?: string | null } | null>(null);
  const selectAllId = useId();
  const doneRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (done) doneRef.current?.scrollIntoView({ block: 'center' });
  }, [done]);

  if (licenses.isPending)
    return (
      <Section title="Licenses">
        <Loading what="the licenses" />
      </Section>
    );
  if (licenses.isError)
    return (
      <Section title="Licenses">
        <ErrorNotice error={licenses.error} title="The licenses could not be loaded" />
      </Section>
    );
  const { attached, activated, stacked } = licenses.data;
  // Selections of rows that are gone (detached, activated) no longer count.
  const chosen = selected.filter((id) => attached.some((a) => a.id === id));

  function toggle(id: string, on: boolean) {
    setSelected((s) => (on ? [...s.filter((x) => x !== id), id] : s.filter((x) => x !== id)));
    setActivating(null);
  }

  function clearMessages() {
    setMessage(null);
    setError(null);
    setDone(null);
    setRegenerated(null);
    file.clear();
  }

  async function detach(a: Attachment, quantity?: number) {
    clearMessages();
    setBusy(true);
    try {
      await call(
        api.DELETE('/api/v1/locations/{id}/attachments/{attachment_id}', {
          params: { path: { id: l.id, attachment_id: a.id }, query: quantity ? { quantity } : {} },
        }),
      );
      const n = quantity ?? a.quantity;
      setMessage(`${n} × ${a.part_number} detached: back in the license bin on PO ${a.po_number}.`);
      setActivating(null);
    } catch (err) {
      setError(err);
    } finally {
      await changed(l.id);
      setBusy(false);
    }
  }

  async function regenerate() {
    clearMessages();
    setBusy(true);
    try {
      const link = await call(api.POST('/api/v1/locations/{id}/license-file', { params: { path: { id: l.id } } }));
      setRegenerated({ name: link.name, code: link.activation_code });
      await changed(l.id);
    } catch (err) {
      const p = fileProblem(err, typeName);
      if (p.kind === 'info') setMessage(p.text);
      else setError(err);
    } finally {
      setBusy(false);
    }
  }

  const activatingRows = activating ? attached.filter((a) => activating.includes(a.id)) : [];
  const allChosen = attached.length > 0 && chosen.length === attached.length;

  return (
    <div className="location-licenses" data-area="licenses">
      {done && (
        <div className="notice notice-success activation-done" role="status" ref={doneRef}>
          <strong className="notice-title">Activated.</strong>
          {done.activation_code ? (
            <>
              <p>
                Activation code: <code className="activation-code">{done.activation_code}</code>
              </p>
              <p>
                The license file <code>{done.license_file?.name}</code> now holds everything activated on this location.
              </p>
              <button type="button" className="button button-primary" onClick={file.download} disabled={file.busy}>
                Download license file
              </button>
            </>
          ) : (
            <p>
              {typeName} license files are produced outside the LMS; the file appears here as soon as it arrives, and
              your users are notified.
            </p>
          )}
        </div>
      )}
      {message && <Notice kind="success">{message}</Notice>}
      {error != null && <ErrorNotice error={error} />}

      <Section
        title="Attached licenses"
        actions={
          canChange && (
            <Link to="/license-bin" className="button">
              Attach from the license bin
            </Link>
          )
        }
      >
        {attached.length === 0 ? (
          <p className="empty">
            Nothing attached.{' '}
            {canChange && (
              <>
                Pick licenses in the <Link to="/license-bin">license bin</Link> and attach them here.
              </>
            )}
          </p>
        ) : (
          <>
            <p className="hint table-hint">
              Attached licenses are reserved for this location. Until you activate them you can detach them back to the
              bin.
            </p>
            <div className="table-wrap">
              <table className="data-table middle">
                <caption className="visually-hidden">Attached licenses of {l.name}</caption>
                <thead>
                  <tr>
                    {canChange && (
                      <th scope="col" className="check-cell">
                        <input
                          id={selectAllId}
                          type="checkbox"
                          aria-label="Select all attached licenses"
                          checked={allChosen}
                          onChange={(e) => {
                            setSelected(e.target.checked ? attached.map((a) => a.id) : []);
                            setActivating(null);
                          }}
                        />
                      </th>
                    )}
                    <th scope="col">Part number</th>
                    <th scope="col">Description</th>
                    <th scope="col">PO</th>
                    <th scope="col" className="num">
                      Quantity
                    </th>
                    <th scope="col">Attached</th>
                    {canChange && <th scope="col">Detach</th>}
                  </tr>
                </thead>
                <tbody>
                  {attached.map((a) => (
                    <tr key={a.id} className={chosen.includes(a.id) ? 'row-selected' : undefined}>
                      {canChange && (
                        <td className="check-cell">
                          <input
                            type="checkbox"
                            aria-label={`Select ${a.quantity} × ${a.part_number} (PO ${a.po_number}) for activation`}
                            checked={chosen.includes(a.id)}
                            onChange={(e) => toggle(a.id, e.target.checked)}
                          />
                        </td>
                      )}
                      <th scope="row">
                        <code>{a.part_number}</code>
                      </th>
                      <td>{describe(a.part_number) ?? <span className="muted">—</span>}</td>
                      <td>{a.po_number}</td>
                      <td className="num">{a.quantity}</td>
                      <td>{formatDateTime(a.attached_at)}</td>
                      {canChange && (
                        <td>
                          <DetachControls a={a} busy={busy} onDetach={(q) => detach(a, q)} />
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {canChange && !activating && (
              <div className="form-actions">
                <button
                  type="button"
                  className="button button-primary"
                  disabled={chosen.length === 0}
                  onClick={() => {
                    clearMessages();
                    setActivating(chosen);
                  }}
                >
                  Activate…
                </button>
                <span className="muted">
                  {chosen.length === 0
                    ? 'Select the attached licenses to activate.'
                    : `${plural(chosen.length, 'row')} selected.`}
                </span>
              </div>
            )}
            {activating && (
              <ActivationPanel
                key={activating.join(',')}
                l={l}
                ids={activating}
                rows={activatingRows}
                onCancel={() => setActivating(null)}
                onDone={(result) => {
                  setActivating(null);
                  setSelected([]);
                  setDone(result);
                  void changed(l.id);
                }}
              />
            )}
          </>
        )}
      </Section>

      <Section title="Activated licenses">
        {activated.length === 0 ? (
          <p className="empty">Nothing activated yet.</p>
        ) : (
          <ActivatedTable rows={activated} locationName={l.name} />
        )}
      </Section>

      {canChange && DECT_UPLOAD_TYPES.includes(l.system_type) && (
        <DectUpload l={l} activated={activated.length} onDownload={file.download} downloading={file.busy} />
      )}

      <Section
        title="License file"
        actions={
          <>
            <button type="button" className="button" onClick={file.download} disabled={file.busy}>
              {file.busy ? 'Downloading…' : 'Download license file'}
            </button>
            {canChange && type?.license_file !== 'external' && (
              <button type="button" className="button" onClick={regenerate} disabled={busy || activated.length === 0}>
                Regenerate
              </button>
            )}
          </>
        }
      >
        {file.problem && <Notice kind={file.problem.kind}>{file.problem.text}</Notice>}
        {regenerated && (
          <Notice kind="success">
            A new license file <code>{regenerated.name}</code> was produced from everything activated so far
            {regenerated.code ? (
              <>
                {' '}
                (activation code <code className="activation-code">{regenerated.code}</code>)
              </>
            ) : null}
            . Download it to load it into the system.
          </Notice>
        )}
        {stacked.length === 0 ? (
          <p className="empty">The license file holds nothing yet: activate licenses to produce it.</p>
        ) : (
          <>
            <p className="hint table-hint">
              Everything ever activated here, stacked: quantities add up and for versions the highest counts. Check a
              downloaded file offline with <code>lms verify</code> (see <Link to="/help#licenses">Help</Link>).
            </p>
            <StackedTable stacked={stacked} caption={`What the license file of ${l.name} holds`} />
          </>
        )}
      </Section>

      {type?.demo_licenses && <DemoLicenses l={l} canChange={canChange} />}
    </div>
  );
}
