// The lines of a reship as the dialog edits them: the quantity typed per selected bin line,
// checked against what is left on it, and where the API's refusal of a line belongs.
import { ApiError } from '../../api/client';
import { linePointer } from '../../components/feedback';
import { sentence } from '../../lib/format';
import type { Selected } from '../licenses/binSelection';

/** A bin line in the dialog: what was selected, and how many are left on it as far as we know. */
export interface DraftLine {
  selected: Selected;
  /** Lowered when the API says fewer are left. */
  available: number;
}

/** A quantity text as a number from 0 to `available`, or the message saying it is not one. */
export function parseQuantity(text: string | undefined, available: number): { quantity: number; error?: string } {
  const raw = (text ?? '').trim();
  if (raw === '') return { quantity: 0 };
  if (!/^\d+$/.test(raw) || Number(raw) > available)
    return { quantity: 0, error: `Enter a whole number from 0 to ${available}.` };
  return { quantity: Number(raw) };
}

/** The lines to send (quantity above 0, in the dialog's order), and whether any text is wrong. */
export function linesToSend(
  lines: DraftLine[],
  texts: Record<string, string>,
): { send: { po_line_id: string; quantity: number }[]; invalid: boolean } {
  const send: { po_line_id: string; quantity: number }[] = [];
  let invalid = false;
  for (const l of lines) {
    const { quantity, error } = parseQuantity(texts[l.selected.line.id], l.available);
    if (error) invalid = true;
    else if (quantity > 0) send.push({ po_line_id: l.selected.line.id, quantity });
  }
  return { send, invalid };
}

/**
 * The bin line a refused reship points at, and what to say there: the error's field names a
 * line by its index in the request's `lines` (`/lines/1/quantity`), `sentIds` are the PO line
 * ids in the order they were sent. Null when the error is not about one line.
 */
export function lineRefusal(error: unknown, sentIds: string[]): { lineId: string; message: string } | null {
  if (!(error instanceof ApiError)) return null;
  const at = linePointer(error.field);
  const lineId = at ? sentIds[at.index] : undefined;
  if (!lineId) return null;
  if (error.code === 'NOT_ENOUGH_QUANTITY') {
    const available = error.details?.available;
    const left = typeof available === 'number' ? available : 'fewer';
    return { lineId, message: `Only ${left} left on this line: someone may just have used some. Lower the quantity.` };
  }
  return { lineId, message: sentence(error.message) };
}

/** A reship's lines in part-number order, as the bin lists them. */
export function byPartNumber<T extends { part_number: string }>(lines: T[]): T[] {
  return [...lines].sort((a, b) => a.part_number.localeCompare(b.part_number));
}
