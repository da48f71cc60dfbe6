/**
 * A box that scrolls a wide table sideways on small screens. It is focusable and named (by the
 * table's caption or heading), so keyboard users can scroll it too (axe: scrollable-region-focusable).
 * A group rather than a region: it should not add a landmark per table.
 */
export function TableWrap({ labelledBy, className, children }: { labelledBy: string; className?: string; children: React.ReactNode }) {
  return (
    <div className={className ? `table-wrap ${className}` : "table-wrap"} role="group" aria-labelledby={labelledBy} tabIndex={0}>
      {children}
    </div>
  );
}
