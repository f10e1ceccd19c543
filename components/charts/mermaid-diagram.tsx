'use client';
// Draws Mermaid text built by lib/diagrams (labels escaped there). Mermaid is imported on first use, so only the
// views that draw diagrams load it; securityLevel 'strict' makes Mermaid sanitise its SVG and disables click
// handlers. The diagram is described for screen readers by `title`; its source text is shown on request.
import { useEffect, useId, useRef, useState } from 'react';

type DrawResult = { readonly text: string; readonly status: 'drawn' } | { readonly text: string; readonly status: 'failed'; readonly message: string };

export function MermaidDiagram({ text, title, testId }: { readonly text: string; readonly title: string; readonly testId?: string }) {
  const container = useRef<HTMLDivElement>(null);
  const id = `mermaid-${useId().replace(/[^A-Za-z0-9]/g, '')}`;
  const [result, setResult] = useState<DrawResult | null>(null);
  // Until the current text is drawn (or failed), the state is 'drawing'.
  const state = result && result.text === text ? result : ({ status: 'drawing' } as const);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      try {
        const { default: mermaid } = await import('mermaid');
        // HTML labels (sanitised by Mermaid under 'strict') render the entity codes mermaidLabel writes as the characters.
        mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral' });
        const { svg } = await mermaid.render(id, text);
        if (cancelled || !container.current) return;
        container.current.innerHTML = svg;
        setResult({ text, status: 'drawn' });
      } catch (e) {
        if (!cancelled) setResult({ text, status: 'failed', message: e instanceof Error ? e.message : String(e) });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [id, text]);

  return (
    <figure className="diagram" data-testid={testId} data-state={state.status}>
      <figcaption>{title}</figcaption>
      <div ref={container} role="img" aria-label={title} />
      {state.status === 'drawing' && <p className="muted">Drawing the diagram…</p>}
      {state.status === 'failed' && (
        <p role="alert" className="banner">
          The diagram could not be drawn: {state.message}
        </p>
      )}
      <details>
        <summary>Diagram source (Mermaid)</summary>
        <pre className="diagram-source">{text}</pre>
      </details>
    </figure>
  );
}
