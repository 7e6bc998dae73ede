import { request, Agent } from 'node:https';
import type { PeerCertificate } from 'node:tls';
import type { GatewayIdentity, Peer } from '../pki/gateway-identity';
import type { Envelope } from './envelope';

/** What a partner answered one transmission with. */
export type SendOutcome =
  | { readonly kind: 'answered'; readonly status: number; readonly body: unknown }
  | { readonly kind: 'unreachable'; readonly message: string };

export const EXCHANGE_PATH = '/exchange/v1/messages';
const MAX_ANSWER_BYTES = 1 << 20;

/**
 * Sends envelopes to partner gateways over mutual TLS: our certificate out, theirs checked
 * against the platform CA and its CN against the partner's registered certificate name (not the
 * host name: gateways are reached by address inside the exchange network).
 */
export class ExchangeClient {
  private readonly agent: Agent;

  constructor(
    identity: GatewayIdentity,
    private readonly timeoutMs: number,
  ) {
    this.agent = new Agent({
      keepAlive: true,
      maxSockets: 32,
      cert: identity.tls.cert,
      key: identity.tls.key,
      ca: identity.tls.ca,
      minVersion: 'TLSv1.2',
    });
  }

  send(peer: Peer, envelope: Envelope): Promise<SendOutcome> {
    const body = Buffer.from(JSON.stringify(envelope), 'utf-8');
    const url = new URL(EXCHANGE_PATH, peer.url);
    return new Promise((resolve) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/json', 'content-length': body.length },
          timeout: this.timeoutMs,
          checkServerIdentity: (_host: string, cert: PeerCertificate) =>
            cert.subject?.CN === peer.certificateName
              ? undefined
              : new Error(`对端证书 ${String(cert.subject?.CN)} 不是 ${peer.certificateName}`),
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
          });
          res.on('end', () => {
            let parsed: unknown = undefined;
            try {
              parsed = JSON.parse(Buffer.concat(chunks).toString('utf-8'));
            } catch {
              parsed = undefined;
            }
            resolve({ kind: 'answered', status: res.statusCode ?? 0, body: parsed });
          });
          res.on('error', (error) => resolve({ kind: 'unreachable', message: error.message }));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`超时（${this.timeoutMs}毫秒）`)));
      req.on('error', (error) => resolve({ kind: 'unreachable', message: error.message }));
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
