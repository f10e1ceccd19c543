// "Export" on the overview: plain links to the report endpoint, one per format, carrying the view's filters. Links
// (not buttons with script) so they work with the keyboard, without JavaScript, and as "save link as".
export const EXPORT_FORMATS = [
  { format: 'pdf', label: 'PDF' },
  { format: 'html', label: 'HTML' },
  { format: 'md', label: 'Markdown' },
  { format: 'csv', label: 'CSV' },
  { format: 'json', label: 'JSON' },
  { format: 'sarif', label: 'SARIF' },
] as const;

export interface ExportFilters {
  readonly namespace?: string | null;
}

export function exportHref(format: string, filters: ExportFilters = {}): string {
  const params = new URLSearchParams({ format });
  if (filters.namespace) params.set('namespace', filters.namespace);
  return `/api/v1/report?${params.toString()}`;
}

export function ExportMenu({ filters = {} }: { readonly filters?: ExportFilters }) {
  const scope = filters.namespace ? ` for namespace ${filters.namespace}` : '';
  return (
    <nav aria-labelledby="export-menu-label" className="export-menu" style={{ display: 'flex', gap: 12, alignItems: 'baseline', flexWrap: 'wrap', margin: '0 0 16px' }}>
      <span id="export-menu-label" style={{ fontWeight: 600 }}>
        Export{scope ? ` (namespace ${filters.namespace})` : ''}
      </span>
      <ul style={{ display: 'flex', gap: 12, listStyle: 'none', margin: 0, padding: 0 }}>
        {EXPORT_FORMATS.map((f) => (
          <li key={f.format}>
            <a href={exportHref(f.format, filters)} download aria-label={`Export the coverage report as ${f.label}${scope}`}>
              {f.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
