// What an activation gave: the activation code and the new license file, or word that an
// external product's file comes later. Scrolled into view when it appears.
import { useEffect, useRef } from 'react';
import type { Activation } from '../../api/client';

export function ActivationDone({
  done,
  typeName,
  onDownload,
  downloading,
}: {
  done: Activation;
  typeName: string;
  onDownload: () => void;
  downloading: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'center' });
  }, [done]);
  return (
    <div className="notice notice-success activation-done" role="status" ref={ref}>
      <strong className="notice-title">Activated.</strong>
      {done.activation_code ? (
        <>
          <p>
            Activation code: <code className="activation-code">{done.activation_code}</code>
          </p>
          <p>
            The license file <code>{done.license_file?.name}</code> now holds everything activated on this location.
          </p>
          <button type="button" className="button button-primary" onClick={onDownload} disabled={downloading}>
            Download license file
          </button>
        </>
      ) : (
        <p>
          {typeName} license files are produced outside the LMS; the file appears here as soon as it arrives, and your
          users are notified.
        </p>
      )}
    </div>
  );
}
