// The SV9100 CP10 → CP20 migration (SPEC §7), on a CP10 location's license page: enter the CP20
// board's hardware key code, confirm what moves, and go to the new location. Afterwards the CP10
// location is read-only and says where it went (see `MigratedNotice`).
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Attachment, Location } from '../../api/client';
import { ErrorNotice, Notice, splitError, type FlashState } from '../../components/feedback';
import { SubmitButton } from '../../components/fields';
import { Section } from '../../components/page';
import { HwkcInput } from './HwkcInput';
import { useLocationQuery, useMigrateLocation } from './queries';
import { useSystemType } from './systemTypes';

/** "8 × SV9100-IPPORT-8, 4 × SV9100-UCDT-5": quantities summed by part. */
function summed(rows: Attachment[]): string {
  const by = new Map<string, number>();
  for (const a of rows) by.set(a.part_number, (by.get(a.part_number) ?? 0) + a.quantity);
  return [...by].map(([part, q]) => `${q} × ${part}`).join(', ');
}

export function MigrationSection({
  l,
  activated,
  attached,
}: {
  l: Location;
  activated: Attachment[];
  attached: Attachment[];
}) {
  const cp20 = useSystemType('SV9100_CP20');
  const migrate = useMigrateLocation(l.id);
  const navigate = useNavigate();
  const [hwkc, setHwkc] = useState('');
  const [confirming, setConfirming] = useState(false);
  const errors = splitError(migrate.error, ['new_hwkc']);
  const keyProblem = errors.field('new_hwkc');

  function next(e: FormEvent) {
    e.preventDefault();
    migrate.reset();
    setConfirming(true);
  }

  function confirm() {
    // Not `mutate`'s callbacks: this section unmounts as soon as the location reads as
    // migrated, and those would then never run.
    migrate.mutateAsync(hwkc.trim()).then(
      (done) => {
        const flash =
          `Migration done successfully: ${done.to.name} (SV9100 CP20, ${done.to.hwkc}) has the licenses of ` +
          `${done.from.name} on PO ${done.po_number}, and its license file is ready to download.`;
        navigate(`/locations/${done.to.id}`, { state: { flash } satisfies FlashState });
      },
      () => setConfirming(false),
    );
  }

  return (
    <Section title="Migrate to SV9100 CP20" id="migration">
      <p>
        Replacing this system’s CP10 CPU board by a CP20? Migrate the location: a new SV9100 CP20 location of the same
        customer takes its activated licenses and Software Assurance, on a purchase order numbered <code>MIGSU_</code>{' '}
        and the date; parts only a CP10 takes become their CP20 equivalents. This location then stays, read-only, with
        its history.
      </p>
      {activated.length === 0 ? (
        <p className="empty">Nothing is activated on this location yet: there is nothing to migrate.</p>
      ) : confirming ? (
        <div className="confirm" role="group" aria-label="Confirm the migration">
          <Notice kind="info" title="Proceed with the migration?">
            <ul>
              <li>
                A new location <strong>{l.name} (CP20)</strong> with hardware key code{' '}
                <code className="hwkc">{hwkc.trim().toUpperCase()}</code> takes {summed(activated)}
                {l.swa_status !== 'none' && ' and the Software Assurance'}.
              </li>
              {attached.length > 0 && (
                <li>Attached, not activated: {summed(attached)} — they go back to the license bin.</li>
              )}
              <li>This location becomes read-only. A migration cannot be undone.</li>
            </ul>
          </Notice>
          <div className="form-actions">
            <button type="button" className="button button-primary" onClick={confirm} disabled={migrate.isPending}>
              {migrate.isPending ? 'Migrating…' : 'Yes, migrate'}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)} disabled={migrate.isPending}>
              Back
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={next} className="form inline-form" aria-label="Migrate to SV9100 CP20" noValidate>
          {errors.general && <ErrorNotice error={migrate.error} title="The location was not migrated" />}
          {cp20 && (
            <HwkcInput
              label="CP20 hardware key code"
              name="new_hwkc"
              type={cp20}
              value={hwkc}
              onChange={(v) => {
                setHwkc(v);
                if (migrate.isError) migrate.reset();
              }}
              required
              problem={keyProblem ? { message: keyProblem, looksLike: null } : undefined}
              hint={`The key of the new CP20 board: ${cp20.hwkc.description}, e.g. ${cp20.hwkc.example}.`}
            />
          )}
          <div className="form-actions">
            <SubmitButton pending={false} disabled={hwkc.trim() === ''}>
              Migrate…
            </SubmitButton>
          </div>
        </form>
      )}
    </Section>
  );
}

/** On a migrated location: where its licenses went; everything here is read-only. */
export function MigratedNotice({ l }: { l: Location }) {
  const target = useLocationQuery(l.migrated_to ?? '');
  if (!l.migrated_to) return null;
  return (
    <Notice kind="info" title="Migrated">
      <span data-testid="migrated-to">
        This location was migrated to{' '}
        <Link to={`/locations/${l.migrated_to}`}>{target.data ? target.data.name : 'its SV9100 CP20 location'}</Link>
        {target.data && (
          <>
            {' '}
            (<code className="hwkc">{target.data.hwkc}</code>)
          </>
        )}
        . Its licenses, license file and Software Assurance are there; this location is read-only.
      </span>
    </Notice>
  );
}
