// What a license file holds, in words: how a stacked value reads, and the comparison of two
// stacked results (an activation's preview). Feature names come from the API (`feature_name`).
import type { PartKind, Stacked } from '../../api/client';

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
    const { kind, feature_name: name } = (a ?? b)!;
    return { feature, name, kind, before: b, after: a, changed: (b?.value ?? 0) !== (a?.value ?? 0) };
  });
}
