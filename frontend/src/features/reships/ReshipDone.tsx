// The confirmation of a reship: which dealer got which PO, and what was on it.
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { Notice } from '../../components/feedback';
import { plural } from '../../lib/format';
import type { Reship } from './queries';
import { byPartNumber } from './reshipLines';

export function ReshipDone({ reship, onClose }: { reship: Reship; onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  const total = reship.lines.reduce((n, l) => n + l.quantity, 0);
  // The form that had focus is gone: the way on gets it.
  useEffect(() => close.current?.focus(), []);
  return (
    <div data-testid="reship-done">
      <Notice kind="success" title={`${plural(total, 'license')} reshipped to ${reship.dealer_name}`}>
        <p>
          They are in {reship.dealer_name}’s license bin now as PO <strong>{reship.po_number}</strong> (SO{' '}
          {reship.so_number}):{' '}
          {byPartNumber(reship.lines)
            .map((l) => `${l.quantity} × ${l.part_number}`)
            .join(', ')}
          .
        </p>
      </Notice>
      <div className="form-actions">
        <button type="button" className="button button-primary" onClick={onClose} ref={close}>
          Back to the license bin
        </button>
        <Link to="/tools" className="button">
          See resold licenses
        </Link>
      </div>
    </div>
  );
}
