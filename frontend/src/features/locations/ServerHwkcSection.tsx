// A location on a temporary key whose type is identified by an IP address (the SV9500 standard
// server): attach the one option the temporary key takes (the type's `temp_key_feature`), then
// enter the server's IP address to replace the key by the real HWKC.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { Location, Schemas } from '../../api/client';
import { SubmitButton, TextField } from '../../components/fields';
import { Notice, splitError } from '../../components/feedback';
import { Section } from '../../components/page';
import { useLocationLicenses, useParts } from '../licenses/queries';
import { useDeriveServerHwkc } from './queries';

type ServerHwkc = Schemas['ServerHwkcView'];

/** Whether one of the option's parts is attached, once the licenses and the catalog are known. */
function OptionAttached({ l, parts }: { l: Location; parts: string[] | undefined }) {
  const licenses = useLocationLicenses(l.id);
  if (!licenses.isSuccess || !parts) return null;
  return licenses.data.attached.some((a) => parts.includes(a.part_number)) ? (
    <span className="ok" data-testid="virtualization-step">
      ✓ Attached.
    </span>
  ) : (
    <strong data-testid="virtualization-step">Not attached yet.</strong>
  );
}

function ServerAddressForm({
  l,
  option,
  onDone,
}: {
  l: Location;
  option: string | null;
  onDone: (saved: ServerHwkc) => void;
}) {
  const derive = useDeriveServerHwkc(l.id);
  const [ip, setIp] = useState('');
  const errors = splitError(derive.error, ['ip_address']);

  function submit(e: FormEvent) {
    e.preventDefault();
    derive.mutate(ip.trim(), { onSuccess: onDone });
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
        hint={`IPv4 or IPv6 address of the virtual server, e.g. 192.0.2.10. The hardware key code is derived from it once and cannot be changed afterwards${option ? `; the ${option} is activated on it (permanent)` : ''}.`}
        {...errors.bind('ip_address', ip, setIp)}
      />
      <div className="form-actions">
        <SubmitButton pending={derive.isPending} busyLabel="Creating…" disabled={ip.trim() === ''}>
          Create hardware key code
        </SubmitButton>
      </div>
    </form>
  );
}

export function ServerHwkcSection({
  l,
  feature,
  onDone,
}: {
  l: Location;
  /** The one feature the temporary key takes, if the type names one. */
  feature: string | null;
  /** With what to tell the user. */
  onDone: (message: string) => void;
}) {
  const catalog = useParts();
  // The parts that grant the option, and its name as the catalog gives it.
  const granting = feature ? catalog.data?.filter((p) => p.feature === feature) : undefined;
  const option = feature ? (granting?.[0]?.feature_name ?? 'option').toLowerCase() : null;
  const parts = granting?.map((p) => p.part_number);
  return (
    <Section title="Real hardware key code">
      <p>This standard server is still on its temporary key. To give it its real hardware key code:</p>
      <ol className="steps">
        {feature && (
          <li>
            Attach the {option}
            {parts?.length ? ` (${parts.join(', ')})` : ''} from the <Link to="/license-bin">license bin</Link> to this
            location — only that option can go to a temporary key. <OptionAttached l={l} parts={parts} />
          </li>
        )}
        <li>
          Enter the server’s IP address. The LMS creates the real hardware key code
          {option ? ` and activates the ${option} on it` : ''}.
        </li>
      </ol>
      <ServerAddressForm
        l={l}
        option={option}
        onDone={(next) =>
          onDone(
            `The server’s hardware key code is now ${next.hwkc}.` +
              (next.activation_code && option
                ? ` The ${option} is activated on it (activation code ${next.activation_code}).`
                : ''),
          )
        }
      />
    </Section>
  );
}
