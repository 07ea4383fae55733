// What the location form says about the chosen system type and way of identification.
import type { InputKind, SystemTypeInfo } from '../../api/client';

const KIND_NOTES: Partial<Record<InputKind, string>> = {
  ip_address:
    'The location starts on a temporary key. Once it exists, enter the server’s IP address on its page to obtain the real hardware key code.',
  none: 'The LMS generates a temporary key for this location.',
  full_computer_name:
    'The LMS generates the hardware key code once; the computer name can be corrected later without changing it.',
  domain_name: 'Domain names are not unique, so the LMS generates a unique 3C hardware key code.',
  mac_address: 'The hardware key code is derived from the MAC address: the same MAC always gives the same code.',
};

export function TypeNotes({ type, kind }: { type: SystemTypeInfo; kind: InputKind }) {
  const notes: string[] = [];
  const note = KIND_NOTES[kind];
  if (note) notes.push(note);
  if (type.auto_lmc_child)
    notes.push('A License Manager Client (LMC) child location is created with it automatically.');
  if (type.category === 'external')
    notes.push('External product: its license file is produced outside the LMS and made available later.');
  if (notes.length === 0) return null;
  return (
    <ul className="type-notes">
      {notes.map((n) => (
        <li key={n}>{n}</li>
      ))}
    </ul>
  );
}
