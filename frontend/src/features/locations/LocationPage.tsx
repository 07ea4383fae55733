import { useState, type FormEvent, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, call, type Location, type LocationPatch, type Schemas, type SystemTypeInfo } from '../../api/client';
import { useMe } from '../../auth/session';
import { TextAreaField, TextField } from '../../components/fields';
import { ErrorNotice, Flash, Loading, Notice, splitError } from '../../components/feedback';
import { PageHeader, Section } from '../../components/page';
import { formatDateTime, humanize } from '../../lib/format';
import { ChangeHistory } from '../licenses/ChangeHistory';
import { useLicensesChanged, useLocationLicenses, useParts } from '../licenses/queries';
import { LocationLicenses } from '../licenses/LocationLicenses';
import { LocationTable } from './LocationTable';
import { useLocationCrumbs, useLocationQuery } from './queries';
import { useSystemTypeName, useSystemTypes } from './systemTypes';

type ServerHwkc = Schemas['ServerHwkcView'];

/** The feature of the SV9500 standard server's virtualization option (catalog). */
const VIRTUALIZATION_FEATURE = 'option.virtualization';

const HISTORY_REASONS: Record<string, string> = {
  created: 'Location created',
  server_hwkc_derived: 'Derived from the server’s IP address',
};

function Details({ l }: { l: Location }) {
  const typeName = useSystemTypeName();
  const rows: [string, ReactNode][] = [
    ['System type', typeName(l.system_type)],
    [
      'Hardware key code',
      <>
        <code className="hwkc" data-testid="location-hwkc">
          {l.hwkc}
        </code>
        {l.temp_key && <span className="badge badge-warn">temporary key</span>}
      </>,
    ],
  ];
  const optional: [string, string | null | undefined, boolean?][] = [
    ['Secondary HWKC', l.secondary_hwkc, true],
    ['Product key', l.product_key, true],
    ['MAC address', l.mac_address, true],
    ['IP address', l.ip_address, true],
    ['Full computer name', l.full_computer_name, true],
    ['Domain name', l.domain_name, true],
  ];
  for (const [label, value, mono] of optional) if (value) rows.push([label, mono ? <code>{value}</code> : value]);
  rows.push(['Reference note', l.reference_note || <span className="muted">—</span>]);
  rows.push(['Created', formatDateTime(l.created_at)]);
  if (l.updated_at !== l.created_at) rows.push(['Last changed', formatDateTime(l.updated_at)]);
  return (
    <dl className="details">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Name and note, plus the computer name of a dongle-less iS3000 or the domain of a 3C. */
function EditForm({
  l,
  type,
  onDone,
}: {
  l: Location;
  type: SystemTypeInfo | undefined;
  onDone: (saved?: Location) => void;
}) {
  const hasFcn = l.full_computer_name != null;
  const hasDomain = type?.input === 'domain_name';
  const [name, setName] = useState(l.name);
  const [note, setNote] = useState(l.reference_note ?? '');
  const [fcn, setFcn] = useState(l.full_computer_name ?? '');
  const [domain, setDomain] = useState(l.domain_name ?? '');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errors = splitError(error, [
    'name',
    'reference_note',
    ...(hasFcn ? ['full_computer_name'] : []),
    ...(hasDomain ? ['domain_name'] : []),
  ]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body: LocationPatch = {};
    if (name.trim() !== l.name) body.name = name.trim();
    if (note.trim() !== (l.reference_note ?? '')) body.reference_note = note.trim() || null;
    if (hasFcn && fcn.trim() !== l.full_computer_name) body.full_computer_name = fcn.trim();
    if (hasDomain && domain.trim() !== (l.domain_name ?? '')) body.domain_name = domain.trim();
    if (Object.keys(body).length === 0) return onDone();
    setBusy(true);
    setError(null);
    try {
      onDone(await call(api.PATCH('/api/v1/locations/{id}', { params: { path: { id: l.id } }, body })));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="form" aria-label="Edit location" noValidate>
      {errors.general && <Notice kind="error">{errors.general}</Notice>}
      <div className="grid-2">
        <TextField
          label="Location name"
          required
          maxLength={200}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.field('name')}
        />
        {hasFcn && (
          <TextField
            label="Full computer name"
            className="field-mono"
            spellCheck={false}
            hint="Correcting the name does not change the hardware key code."
            value={fcn}
            onChange={(e) => setFcn(e.target.value)}
            error={errors.field('full_computer_name')}
          />
        )}
        {hasDomain && (
          <TextField
            label="Domain name"
            className="field-mono"
            spellCheck={false}
            hint="Changing the domain name does not change the hardware key code."
            value={domain}
            onChange={(e) => setDomain(e.target.value)}
            error={errors.field('domain_name')}
          />
        )}
      </div>
      <TextAreaField
        label="Reference note"
        rows={2}
        maxLength={500}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        error={errors.field('reference_note')}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save changes'}
        </button>
        <button type="button" className="button" onClick={() => onDone()}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** SV9500 standard server: replace the temporary key by the HWKC derived from the IP address. */
/** Step 1 of the standard server: is the virtualization option attached to the temporary key? */
function VirtualizationStep({ l }: { l: Location }) {
  const licenses = useLocationLicenses(l.id);
  const parts = useParts();
  const options = new Set(
    parts.data?.filter((p) => p.feature === VIRTUALIZATION_FEATURE).map((p) => p.part_number) ?? [],
  );
  const attached = licenses.data?.attached.some((a) => options.has(a.part_number));
  const known = licenses.isSuccess && parts.isSuccess;
  return (
    <>
      <p>This standard server is still on its temporary key. To give it its real hardware key code:</p>
      <ol className="steps">
        <li>
          Attach the virtualization option ({[...options].join(', ') || 'SV9500 Virtualization Option'}) from the{' '}
          <Link to="/license-bin">license bin</Link> to this location — only that option can go to a temporary key.{' '}
          {known &&
            (attached ? (
              <span className="ok" data-testid="virtualization-step">
                ✓ Attached.
              </span>
            ) : (
              <strong data-testid="virtualization-step">Not attached yet.</strong>
            ))}
        </li>
        <li>
          Enter the server’s IP address. The LMS creates the real hardware key code and activates the virtualization
          option on it.
        </li>
      </ol>
    </>
  );
}

function ServerAddressForm({ l, onDone }: { l: Location; onDone: (saved: ServerHwkc) => void }) {
  const [ip, setIp] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errors = splitError(error, ['ip_address']);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(
        await call(
          api.POST('/api/v1/locations/{id}/server-hwkc', {
            params: { path: { id: l.id } },
            body: { ip_address: ip.trim() },
          }),
        ),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="form inline-form" aria-label="Enter server IP address" noValidate>
      {errors.general && <Notice kind="error">{errors.general}</Notice>}
      <TextField
        label="Server IP address"
        name="ip_address"
        required
        className="field-mono field-medium"
        spellCheck={false}
        autoComplete="off"
        hint="IPv4 or IPv6 address of the virtual server, e.g. 192.0.2.10. The hardware key code is derived from it once and cannot be changed afterwards; the virtualization option is activated on it (permanent)."
        value={ip}
        onChange={(e) => setIp(e.target.value)}
        error={errors.field('ip_address')}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy || ip.trim() === ''}>
          {busy ? 'Creating…' : 'Create hardware key code'}
        </button>
      </div>
    </form>
  );
}

/** A fresh page (edit mode, messages) for every location, also when going to a child. */
export function LocationRoute() {
  const { locationId = '' } = useParams();
  return <LocationPage key={locationId} locationId={locationId} />;
}

function LocationPage({ locationId }: { locationId: string }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const changed = useLicensesChanged();
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const location = useLocationQuery(locationId);
  const crumbs = useLocationCrumbs(location.data);
  const types = useSystemTypes();
  const children = useQuery({
    queryKey: ['location-children', locationId],
    queryFn: () => call(api.GET('/api/v1/locations/{id}/children', { params: { path: { id: locationId } } })),
  });
  const history = useQuery({
    queryKey: ['location-history', locationId],
    queryFn: () => call(api.GET('/api/v1/locations/{id}/history', { params: { path: { id: locationId } } })),
  });

  if (location.isPending) return <Loading what="the location" />;
  if (location.isError) return <ErrorNotice error={location.error} title="The location could not be loaded" />;
  const l = location.data;
  const type = types.data?.find((t) => t.code === l.system_type);
  const canChange = me.partner != null;
  const canHaveChildren = (type?.child_types.length ?? 0) > 0;

  function saved(next: Location, text: string) {
    queryClient.setQueryData(['location', next.id], next);
    void queryClient.invalidateQueries({ queryKey: ['customer-locations', next.customer_id] });
    void queryClient.invalidateQueries({ queryKey: ['location-history', next.id] });
    void queryClient.invalidateQueries({ queryKey: ['location-children', next.id] });
    setMessage(text);
  }

  return (
    <>
      <PageHeader
        title={l.name}
        crumbs={crumbs}
        actions={
          canChange &&
          !editing && (
            <button
              type="button"
              className="button"
              onClick={() => {
                setEditing(true);
                setMessage(null);
              }}
            >
              Edit location
            </button>
          )
        }
      />
      {message ? <Notice kind="success">{message}</Notice> : <Flash />}

      <div className="location-grid">
        <div className="location-main">
          <Section title={editing ? 'Edit location' : 'Details'}>
            {editing ? (
              <EditForm
                l={l}
                type={type}
                onDone={(next) => {
                  setEditing(false);
                  if (next) saved(next, 'Location saved.');
                }}
              />
            ) : (
              <Details l={l} />
            )}
          </Section>

          {canChange && type?.input === 'ip_address' && l.temp_key && (
            <Section title="Real hardware key code">
              <VirtualizationStep l={l} />
              <ServerAddressForm
                l={l}
                onDone={(next) => {
                  void changed(next.id);
                  saved(
                    next,
                    `The server’s hardware key code is now ${next.hwkc}.` +
                      (next.activation_code
                        ? ` The virtualization option is activated on it (activation code ${next.activation_code}).`
                        : ''),
                  );
                }}
              />
            </Section>
          )}

          <LocationLicenses l={l} type={type} canChange={canChange} />

          <Section
            title="Child locations"
            actions={
              canChange &&
              canHaveChildren && (
                <Link to={`/locations/${l.id}/children/new`} className="button">
                  Add child location
                </Link>
              )
            }
          >
            {children.isPending && <Loading what="child locations" />}
            {children.isError && <ErrorNotice error={children.error} />}
            {children.isSuccess &&
              (children.data.items.length === 0 ? (
                <p className="empty">
                  {canHaveChildren
                    ? 'No child locations.'
                    : `${type?.name ?? l.system_type} locations have no child locations.`}
                </p>
              ) : (
                <LocationTable locations={children.data.items} caption={`Child locations of ${l.name}`} />
              ))}
          </Section>

          <Section title="Hardware key code history">
            {history.isPending && <Loading what="the history" />}
            {history.isError && <ErrorNotice error={history.error} />}
            {history.isSuccess && (
              <div className="table-wrap">
                <table className="data-table">
                  <caption className="visually-hidden">Hardware key codes of {l.name}, oldest first</caption>
                  <thead>
                    <tr>
                      <th scope="col">Hardware key code</th>
                      <th scope="col">Why</th>
                      <th scope="col">When</th>
                    </tr>
                  </thead>
                  <tbody>
                    {history.data.items.map((h, i) => (
                      <tr key={i}>
                        <td>
                          <code className="hwkc">{h.hwkc}</code>
                          {h.hwkc === l.hwkc && <span className="badge">current</span>}
                        </td>
                        <td>{HISTORY_REASONS[h.reason] ?? humanize(h.reason)}</td>
                        <td>{formatDateTime(h.recorded_at)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Section>

          <ChangeHistory l={l} />
        </div>
      </div>
    </>
  );
}
