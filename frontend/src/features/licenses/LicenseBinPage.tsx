// The license bin (SPEC §2 step 3): the partner's purchase orders and what is left on each
// line. The user enters a "Sel" quantity per line, picks a location by typing, and attaches.
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Location } from '../../api/client';
import { useMe } from '../../auth/session';
import { Notice, type FlashState } from '../../components/feedback';
import { PagedList } from '../../components/PagedList';
import { PageHeader } from '../../components/page';
import { loadedItems } from '../../api/paging';
import { plural } from '../../lib/format';
import { AttachDialog } from './AttachDialog';
import { attribute, selection, type Refusal } from './binSelection';
import { PoCard } from './PoCard';
import { SelectionBar } from './SelectionBar';
import { useAttach, useLicenseBin } from './queries';
import { isDistributor } from '../reships/access';
import { ReshipDialog } from '../reships/ReshipDialog';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import { csvExports } from '../../api/exports';

const PAGE_SIZE = 25;
const NO_REFUSAL: Refusal = { lines: {}, pos: {} };

export function LicenseBinPage() {
  const me = useMe();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const includeUsed = params.get('used') === '1';
  const [sel, setSelState] = useState<Record<string, string>>({});
  const [refusal, setRefusal] = useState<Refusal>(NO_REFUSAL);
  const [refused, setRefused] = useState<string | null>(null);
  const [dialogOpen, setDialogOpen] = useState(false);
  const [reshipOpen, setReshipOpen] = useState(false);
  const [target, setTarget] = useState<Location | null>(null);
  const readOnly = me.partner == null;
  const attach = useAttach();

  const bin = useLicenseBin(includeUsed, PAGE_SIZE);
  const pos = loadedItems(bin.data);
  const { selected, invalid } = selection(pos, sel);

  function setSel(lineId: string, text: string) {
    setSelState((s) => ({ ...s, [lineId]: text }));
    setRefusal((r) => {
      const lines = { ...r.lines };
      delete lines[lineId];
      return { lines, pos: {} };
    });
    setRefused(null);
  }

  function clearSelection() {
    setSelState({});
    setRefusal(NO_REFUSAL);
    setRefused(null);
  }

  function attachSelected() {
    if (!target) return;
    // The request's `lines`, in this order: an error's field points at one by its index.
    const sent = selected;
    attach.mutate(
      { locationId: target.id, lines: sent.map((s) => ({ po_line_id: s.line.id, quantity: s.quantity })) },
      {
        onSuccess: (created) => {
          const count = created.reduce((n, a) => n + a.quantity, 0);
          const flash: FlashState = {
            flash: `${plural(count, 'license')} attached to ${target.name}. They are reserved for this location: activate them, or detach them back to the bin.`,
          };
          navigate(`/locations/${target.id}`, { state: flash });
        },
        onError: (err) => {
          const at = attribute(err, sent);
          if (!at) return; // shown in the dialog
          setRefusal(at);
          setRefused(
            `Nothing was attached to ${target.name}. Change the marked ${Object.keys(at.lines).length > 0 ? 'lines' : 'purchase orders'} and attach again.`,
          );
          setDialogOpen(false);
          // Show the first marked line or PO once it is rendered.
          requestAnimationFrame(() =>
            document.querySelector('.line-error-row, .po-card .notice-error')?.scrollIntoView({ block: 'center' }),
          );
        },
      },
    );
  }

  return (
    <>
      <PageHeader title="License bin" actions={<ExportCsvButton download={csvExports.licenseBin(includeUsed)} />}>
        <p className="lead">
          {readOnly
            ? 'Purchase orders shipped to partners.'
            : `Licenses shipped to ${me.partner?.name}, per purchase order. Enter how many of each part you want (Sel), then attach them to a location.`}
        </p>
      </PageHeader>
      {readOnly && (
        <Notice kind="info">
          Only partner users attach licenses. To put licenses into a partner’s bin, use{' '}
          <Link to="/admin/shipments">Admin → Shipments</Link>.
        </Notice>
      )}
      <div className="toolbar bin-toolbar">
        <label className="check">
          <input
            type="checkbox"
            checked={includeUsed}
            onChange={(e) => setParams(e.target.checked ? { used: '1' } : {}, { replace: true })}
          />
          <span>Also show purchase orders with nothing left</span>
        </label>
      </div>
      {refused && <Notice kind="error">{refused}</Notice>}
      <PagedList
        query={bin}
        what="the license bin"
        errorTitle="The license bin could not be loaded"
        more="Show more purchase orders"
        busyMore="Loading…"
      >
        {(items) =>
          items.map((po) => (
            <PoCard
              key={po.id}
              po={po}
              sel={sel}
              setSel={setSel}
              lineErrors={refusal.lines}
              poError={refusal.pos[po.id]}
              readOnly={readOnly}
            />
          ))
        }
      </PagedList>
      {bin.isSuccess && pos.length === 0 && (
        <div className="card">
          <p className="empty">
            {includeUsed
              ? 'No purchase orders yet. They appear here when the vendor ships licenses to you.'
              : 'Nothing left to attach. New purchase orders appear here when the vendor ships licenses to you.'}
          </p>
        </div>
      )}
      {!readOnly && pos.length > 0 && (
        <SelectionBar
          selected={selected}
          invalid={invalid}
          onClear={clearSelection}
          onAttach={() => {
            attach.reset();
            setDialogOpen(true);
          }}
          onReship={isDistributor(me) ? () => setReshipOpen(true) : undefined}
        />
      )}
      {reshipOpen && (
        <ReshipDialog selected={selected} onReshipped={clearSelection} onClose={() => setReshipOpen(false)} />
      )}
      {dialogOpen && (
        <AttachDialog
          selected={selected}
          target={target}
          setTarget={(l) => {
            setTarget(l);
            attach.reset();
          }}
          error={attach.error}
          busy={attach.isPending}
          onAttach={attachSelected}
          onClose={() => setDialogOpen(false)}
        />
      )}
    </>
  );
}
