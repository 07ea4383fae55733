// The license bin's selection: the Sel quantity typed per PO line, read and checked, and where
// the API's refusal of an attach belongs (a line, whole POs, or above everything).
import { ApiError, type PoLine, type PurchaseOrder } from '../../api/client';
import { linePointer } from '../../components/feedback';
import { sentence } from '../../lib/format';

/** A line the user selected, with the PO it belongs to. */
export interface Selected {
  po: PurchaseOrder;
  line: PoLine;
  quantity: number;
}

/** The Sel text of a line as a quantity, or an error when it is not 0…available. */
export function parseSel(text: string | undefined, line: PoLine): { quantity: number; error?: string } {
  const raw = (text ?? '').trim();
  if (raw === '') return { quantity: 0 };
  if (!/^\d+$/.test(raw) || Number(raw) > line.available)
    return { quantity: 0, error: `Enter a whole number from 0 to ${line.available}.` };
  return { quantity: Number(raw) };
}

/** The lines with a quantity, in bin order, and whether any Sel text is wrong. */
export function selection(
  pos: PurchaseOrder[],
  sel: Record<string, string>,
): { selected: Selected[]; invalid: boolean } {
  const selected: Selected[] = [];
  let invalid = false;
  for (const po of pos)
    for (const line of po.lines) {
      const parsed = parseSel(sel[line.id], line);
      if (parsed.error) invalid = true;
      else if (parsed.quantity > 0) selected.push({ po, line, quantity: parsed.quantity });
    }
  return { selected, invalid };
}

/** Messages at PO lines and at whole POs, by id. */
export interface Refusal {
  lines: Record<string, string>;
  pos: Record<string, string>;
}

/**
 * Where a refused attach belongs: at lines, at whole POs, or (null) above everything. `sent`
 * is the selection in the order the request sent its `lines`: the error's field points at one
 * of them ("/lines/2/quantity"), and its `details` name the PO line (`po_line_id`).
 */
export function attribute(error: unknown, sent: Selected[]): Refusal | null {
  if (!(error instanceof ApiError)) return null;
  const lines: Record<string, string> = {};
  const pos: Record<string, string> = {};
  let message = sentence(error.message);
  if (error.code === 'NOT_ENOUGH_QUANTITY') {
    const available = error.details?.available;
    const left = typeof available === 'number' ? available : 'fewer';
    message = `Only ${left} left on this line: someone may just have attached some. Lower Sel.`;
  }
  const at = linePointer(error.field);
  const poLineId = error.details?.po_line_id;
  const line =
    (at ? sent[at.index] : undefined) ??
    (typeof poLineId === 'string' ? sent.find((s) => s.line.id === poLineId) : undefined);
  if (line) lines[line.line.id] = message;
  else if (error.code === 'ATTACH_NOT_ALLOWED') {
    // External products take whole POs: mark the POs whose selection is not all that is left.
    for (const s of sent) {
      const whole = s.po.lines.every(
        (l) => l.available === 0 || sent.some((t) => t.line.id === l.id && t.quantity === l.available),
      );
      if (!whole) pos[s.po.id] = message;
    }
  }
  return Object.keys(lines).length + Object.keys(pos).length > 0 ? { lines, pos } : null;
}
