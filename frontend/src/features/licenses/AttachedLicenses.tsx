// A location's attached licenses: reserved for it until activated. The user detaches them, or
// selects rows and activates them after the preview.
import { useState } from 'react';
import { Link } from 'react-router';
import type { Attachment, Location } from '../../api/client';
import { Section } from '../../components/page';
import { plural } from '../../lib/format';
import { ActivationPanel } from './ActivationPanel';
import { AttachedTable } from './AttachedTable';
import type { LicenseActions } from './licenseActions';

export function AttachedLicenses({
  l,
  attached,
  canChange,
  actions,
}: {
  l: Location;
  attached: Attachment[];
  canChange: boolean;
  actions: LicenseActions;
}) {
  const [selected, setSelected] = useState<string[]>([]);
  const [activating, setActivating] = useState<string[] | null>(null);
  // Selections of rows that are gone (detached, activated) no longer count.
  const chosen = selected.filter((id) => attached.some((a) => a.id === id));
  const activatingRows = activating ? attached.filter((a) => activating.includes(a.id)) : [];

  return (
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
          <AttachedTable
            attached={attached}
            locationName={l.name}
            selection={
              canChange
                ? {
                    chosen,
                    setChosen: (ids) => {
                      setSelected(ids);
                      setActivating(null);
                    },
                    busy: actions.busy,
                    onDetach: (a, quantity) => actions.detach(a, quantity, () => setActivating(null)),
                  }
                : undefined
            }
          />
          {canChange && !activating && (
            <div className="form-actions">
              <button
                type="button"
                className="button button-primary"
                disabled={chosen.length === 0}
                onClick={() => {
                  actions.clear();
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
                actions.setActivated(result);
              }}
            />
          )}
        </>
      )}
    </Section>
  );
}
