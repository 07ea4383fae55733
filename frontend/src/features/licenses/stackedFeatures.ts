// What a license file holds, in words: the names of the catalog's feature keys, how a stacked
// value reads, and the comparison of two stacked results (an activation's preview).
import type { PartKind, Stacked } from '../../api/client';
import { humanize } from '../../lib/format';

/**
 * Names of the catalog's feature keys, as a partner reads them on a price list. Display words
 * only, no rule hangs on them; the API does not name features yet (`GET /parts` gives a part's
 * `feature` key and its own description), so they live here until it does.
 */
const FEATURES: Record<string, string> = {
  'ports.ip': 'IP extension ports',
  'ports.tdm': 'TDM extension ports',
  'trunks.sip': 'SIP trunk channels',
  'seats.uc': 'UC client seats',
  'seats.bct': 'BCT client seats',
  'seats.operator': 'Operator console seats',
  'seats.agent': 'Contact center agents',
  'voicemail.ports': 'Voicemail ports',
  'hospitality.rooms': 'Hospitality rooms',
  release: 'System release',
  'srmgc.e': 'SR-MGC(E)',
  'srmgc.s': 'SR-MGC(S)',
  'option.virtualization': 'Virtualization option',
  'option.upgrade_allowance': 'Upgrade allowance',
  'option.high_availability': 'High availability option',
  'dect.dap': 'DECT access points (DAP)',
  'dect.dswu': 'DECT DSWU upgrades',
  'dect.messaging': 'DECT messaging',
  'dect.location': 'DECT location',
  'dect.handsets': 'DECT handset registrations',
  'dect.dmls': 'DMLS discounted messaging',
  'ma4000.sm.users': 'MA4000 System Manager users',
  'ma4000.em.extensions': 'MA4000 Expense Manager extensions',
  'cti.users': 'CTI server users',
  'sbc.sessions': 'SBC sessions',
  'sbc.transcoding': 'Transcoding sessions',
  'ovoc.devices': 'OVOC managed devices',
  'rcc.base': 'RCC base system',
  'rcc.agents': 'RCC agents',
  'um.mailboxes': 'UM4730 mailboxes',
  'um.ports': 'UM4730 voice ports',
  'exm.base': 'Expense Management base',
  'exm.extensions': 'Expense Management extensions',
  'mobicall.base': 'MobiCall base system',
  'mobicall.users': 'MobiCall users',
  'mobicall.espa': 'MobiCall ESPA interface',
};

export function featureName(feature: string): string {
  return FEATURES[feature] ?? humanize(feature.replace(/\./g, ' '));
}

export const KIND_LABEL: Record<PartKind, string> = {
  quantity: 'Quantity (adds up)',
  version: 'Version (highest counts)',
  option: 'Option',
};

/** A stacked value as the license file means it: a count, "Release 8", or "On". */
export function featureValue(kind: PartKind, value: number): string {
  if (kind === 'version') return `Release ${value}`;
  if (kind === 'option') return value > 0 ? (value > 1 ? `On (×${value})` : 'On') : 'Off';
  return String(value);
}

/** Union of the features of two stacked results, in the order of `after` then `before`. */
export function compareStacked(before: Stacked[], after: Stacked[]) {
  const features = [...after.map((s) => s.feature), ...before.map((s) => s.feature)].filter(
    (f, i, all) => all.indexOf(f) === i,
  );
  return features.map((feature) => {
    const b = before.find((s) => s.feature === feature);
    const a = after.find((s) => s.feature === feature);
    return { feature, kind: (a ?? b)!.kind, before: b, after: a, changed: (b?.value ?? 0) !== (a?.value ?? 0) };
  });
}
