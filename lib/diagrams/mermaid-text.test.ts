// @vitest-environment happy-dom
// Hostile labels must never change the structure of a diagram: the real Mermaid parser counts the same nodes and
// edges whatever the labels say.
import mermaid from 'mermaid';
import { describe, expect, it } from 'vitest';
import { MAX_LABEL_LENGTH, MermaidIds, mermaidLabel } from './mermaid-text';

const HOSTILE = [
  'plain-name',
  'x"]; evil["pwned',
  'a --> b',
  'a-->b\nc-->d',
  '%%{init: {"securityLevel": "loose"}}%%',
  'classDef red fill:#f00',
  'click n0 call alert(1)',
  '<img src=x onerror=alert(1)>',
  'line one\nline two\r\nline three',
  '`markdown` **bold**',
  'end',
  '#quot; &amp; ; | [ ] { } ( )',
  'ns/with/slashes@v1.2',
];

interface FlowDb {
  getVertices(): Map<string, unknown> | Record<string, unknown>;
  getEdges(): unknown[];
}
interface SequenceDb {
  getActors(): Map<string, unknown>;
  getMessages(): unknown[];
}

function size(collection: Map<string, unknown> | Record<string, unknown>): number {
  return collection instanceof Map ? collection.size : Object.keys(collection).length;
}

mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

/** Parses with the real Mermaid parser (mermaid.parse throws on a syntax error) and returns the diagram. */
async function parse(text: string) {
  await mermaid.parse(text);
  return mermaid.mermaidAPI.getDiagramFromText(text);
}

async function parseFlowchart(text: string): Promise<{ nodes: number; edges: number }> {
  const diagram = await parse(text);
  const db = diagram.db as unknown as FlowDb;
  return { nodes: size(db.getVertices()), edges: db.getEdges().length };
}

describe('mermaidLabel', () => {
  it.each(HOSTILE)('keeps a flowchart at 2 nodes and 1 edge with label %j', async (label) => {
    const l = mermaidLabel(label);
    const text = `flowchart LR\n  n0["${l}"]\n  n1["${l}"]\n  n0 -->|"${l}"| n1\n`;
    expect(await parseFlowchart(text)).toEqual({ nodes: 2, edges: 1 });
  });

  it.each(HOSTILE)('keeps a sequence diagram at 2 participants and 2 messages with label %j', async (label) => {
    const l = mermaidLabel(label);
    const text = `sequenceDiagram\n  participant p0 as ${l}\n  participant p1 as ${l}\n  p0->>p1: ${l}\n  p1-->>p0: ${l}\n  Note over p0,p1: ${l}\n`;
    const diagram = await parse(text);
    const db = diagram.db as unknown as SequenceDb;
    expect(db.getActors().size).toBe(2);
    expect(db.getMessages().filter((m) => (m as { type?: number }).type !== 2).length).toBe(2);
  });

  it('writes every character outside the safe alphabet as an entity code and flattens whitespace', () => {
    expect(mermaidLabel('a"b\nc<d>')).toBe('a#34;b c#60;d#62;');
    expect(mermaidLabel('x-->y')).toBe('x-#45;#62;y');
  });

  it('cuts labels longer than the maximum', () => {
    const label = mermaidLabel('a'.repeat(500));
    expect(label.startsWith('a'.repeat(MAX_LABEL_LENGTH - 1))).toBe(true);
    expect(label.endsWith('#8230;')).toBe(true);
  });
});

describe('MermaidIds', () => {
  it('gives each key one generated id, in first-seen order', () => {
    const ids = new MermaidIds('ns');
    expect([ids.idFor('payments'), ids.idFor('x"]; evil'), ids.idFor('payments')]).toEqual(['ns0', 'ns1', 'ns0']);
    expect(ids.size).toBe(2);
  });
});
