// What the location form asks for a system type, from its catalog entry: the main input (or the
// alternative the user chose), the secondary HWKC and the product key the type takes; and the
// body sent for it.
import type { InputKind, LocationBody, SystemTypeCode, SystemTypeInfo } from '../../api/client';

export type LocationValues = {
  name: string;
  system_type: SystemTypeCode | '';
  hwkc: string;
  secondary_hwkc: string;
  product_key: string;
  mac_address: string;
  full_computer_name: string;
  domain_name: string;
  reference_note: string;
};

export const EMPTY_LOCATION: LocationValues = {
  name: '',
  system_type: '',
  hwkc: '',
  secondary_hwkc: '',
  product_key: '',
  mac_address: '',
  full_computer_name: '',
  domain_name: '',
  reference_note: '',
};

/** The inputs the user types an identifier into (an IP address comes later; `none` is generated). */
export type IdentifierField = Exclude<InputKind, 'ip_address' | 'none'>;

/** The inputs a type takes beside its name and note. */
export interface TypeInputs {
  /** What the user enters to obtain the HWKC. */
  kind: InputKind;
  /** The field of `kind`, when the user types something for it (not for an IP address or nothing). */
  field: IdentifierField | null;
  secondaryHwkc: boolean;
  productKey: boolean;
}

export function typeInputs(type: SystemTypeInfo, useAlternative: boolean): TypeInputs {
  const kind = useAlternative && type.alternative_input ? type.alternative_input : type.input;
  return {
    kind,
    field: kind === 'ip_address' || kind === 'none' ? null : kind,
    secondaryHwkc: type.takes_secondary_hwkc,
    productKey: type.takes_product_key,
  };
}

/** The form fields shown for these inputs, for placing the API's error at one of them. */
export function shownFields(inputs: TypeInputs | null): string[] {
  return [
    'name',
    'system_type',
    'reference_note',
    ...(inputs?.field ? [inputs.field] : []),
    ...(inputs?.secondaryHwkc ? ['secondary_hwkc'] : []),
    ...(inputs?.productKey ? ['product_key'] : []),
  ];
}

/** The body to create the location with: the fields of its inputs that are not empty. */
export function locationBody(type: SystemTypeInfo, inputs: TypeInputs, values: LocationValues): LocationBody {
  const body: LocationBody = { name: values.name.trim(), system_type: type.code };
  const put = (field: keyof LocationValues & keyof LocationBody) => {
    const v = values[field].trim();
    if (v) (body as Record<string, string>)[field] = v;
  };
  if (inputs.field) put(inputs.field);
  if (inputs.secondaryHwkc) put('secondary_hwkc');
  if (inputs.productKey) put('product_key');
  put('reference_note');
  return body;
}
