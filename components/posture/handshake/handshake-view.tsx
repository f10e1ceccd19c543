'use client';
// The handshake page of one connection (/handshake?from=&to=&port=), from a pod's client row, a topology edge or /can-i.
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { handshakeQueryOptions, handshakeSearch, parseHandshakeFilters } from '@/lib/api/views/handshake';
import { useUrlFilters } from '@/components/ui/use-url-filters';
import { ViewQuery } from '@/components/ui/view-states';
import { HandshakeFigure } from './handshake-figure';

export function HandshakeViewClient() {
  const [filters] = useUrlFilters(parseHandshakeFilters, handshakeSearch);
  const query = useQuery(handshakeQueryOptions(filters));
  return (
    <ViewQuery query={query} what="the handshake">
      {(data) => (
        <>
          <p>
            From <strong data-testid="handshake-from">{data.query.from === 'outside' ? 'outside the mesh' : data.query.from}</strong> to{' '}
            <strong>{data.query.to}</strong> port <strong>{data.query.port}</strong>, a <code>GET /</code> request with no token.{' '}
            <Link href={`/can-i?from=${encodeURIComponent(data.query.from)}&to=${encodeURIComponent(data.query.to)}&port=${data.query.port}`}>
              Ask with another request, headers or a JWT
            </Link>
          </p>
          <HandshakeFigure handshake={data.handshake} diagram={data.diagram} endText={data.endText} />
        </>
      )}
    </ViewQuery>
  );
}
