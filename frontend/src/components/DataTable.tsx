// The portal's table: scrolls sideways on a narrow screen, a caption for screen readers (or
// shown), one header row, the body rows as given.
import type { ReactNode } from 'react';

export function DataTable({
  caption,
  head,
  children,
  className,
  showCaption,
  busy,
}: {
  caption: ReactNode;
  /** The `<th scope="col">` cells of the header row. */
  head: ReactNode;
  /** The body rows. */
  children: ReactNode;
  /** Classes beside `data-table` (`middle`, `compact`, …). */
  className?: string;
  /** Show the caption above the table (otherwise only screen readers hear it). */
  showCaption?: boolean;
  /** While the rows are being replaced (`aria-busy`). */
  busy?: boolean;
}) {
  return (
    <div className="table-wrap">
      <table className={className ? `data-table ${className}` : 'data-table'} aria-busy={busy}>
        <caption className={showCaption ? undefined : 'visually-hidden'}>{caption}</caption>
        <thead>
          <tr>{head}</tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** Plain header cells: `names` in order, those also in `numeric` aligned right like their numbers. */
export function ColumnHeads({ names, numeric = [] }: { names: readonly string[]; numeric?: readonly string[] }) {
  return (
    <>
      {names.map((name) => (
        <th key={name} scope="col" className={numeric.includes(name) ? 'num' : undefined}>
          {name}
        </th>
      ))}
    </>
  );
}
