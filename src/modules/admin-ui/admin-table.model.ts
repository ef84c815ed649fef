/** One cell: text (escaped by the template), optionally shown as a pill or in a monospace font. */
export interface TableCell {
  text: string;
  cls?: string;
  pill?: string;
}

/** A row button: a small native form that posts to `href` (with hidden fields) and comes back to the page. */
export interface TableAction {
  href: string;
  /** POST unless said otherwise (GET: a link-like button, e.g. "Open"). */
  method?: 'GET' | 'POST';
  label: string;
  cls?: string;
  confirm?: string;
  fields?: { name: string; value: string }[];
}

export interface TableRow {
  id: string;
  enabled?: boolean;
  cells: TableCell[];
  actions: TableAction[];
}

/** What `views/table.eta` renders: `#<kind>-table` with `#<kind>-table-body` and rows `#<rowPrefix>-row-<id>`. */
export interface TableModel {
  kind: string;
  rowPrefix: string;
  columns: string[];
  rows: TableRow[];
  next: string | null;
}
