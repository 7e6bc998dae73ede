import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { CONFIG } from '@care/config';
import type { GatewayConfig } from '../config';
import { GATEWAY_IDENTITY } from '../identity.provider';
import type { GatewayIdentity } from '../pki/gateway-identity';
import { EXCHANGE_PATH } from './exchange-client';
import { ReceiverService } from './receiver.service';

const MAX_BODY_BYTES = 1 << 20;

/** OpenSSL's verdicts on a client certificate, as the partner's operator reads them (the code kept). */
const CERTIFICATE_PROBLEMS: Readonly<Record<string, string>> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: '证书不是平台CA签发',
  UNABLE_TO_GET_ISSUER_CERT: '证书不是平台CA签发',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: '证书不是平台CA签发',
  DEPTH_ZERO_SELF_SIGNED_CERT: '自签名证书',
  SELF_SIGNED_CERT_IN_CHAIN: '证书链中有自签名证书',
  CERT_SIGNATURE_FAILURE: '证书签名无效',
  CERT_HAS_EXPIRED: '证书已过期',
  CERT_NOT_YET_VALID: '证书尚未生效',
  CERT_REVOKED: '证书已吊销',
  INVALID_PURPOSE: '证书用途不含客户端认证',
};

function certificateProblem(error: Error | string | null | undefined): string | undefined {
  if (error === null || error === undefined) return undefined;
  const code = typeof error === 'string' ? error : ((error as { code?: string }).code ?? error.message);
  const text = CERTIFICATE_PROBLEMS[code];
  return text === undefined ? code : `${text}（${code}）`;
}

/**
 * The mutual-TLS listener partner gateways send to (apart from the local HTTP API officers use).
 * A client certificate is requested and checked against the platform CA; an unverified one is
 * not dropped at the handshake but answered, and logged, as a refusal naming why.
 */
@Injectable()
export class ExchangeServer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ExchangeServer.name);
  private server: Server | undefined;

  constructor(
    @Inject(GATEWAY_IDENTITY) private readonly identity: GatewayIdentity,
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly receiver: ReceiverService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer(
      {
        cert: this.identity.tls.cert,
        key: this.identity.tls.key,
        ca: this.identity.tls.ca,
        requestCert: true,
        rejectUnauthorized: false,
        minVersion: 'TLSv1.2',
      },
      (req, res) => void this.handle(req, res),
    );
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.EXCHANGE_PORT, this.config.EXCHANGE_HOST, () => resolve());
    });
    this.server = server;
    this.logger.log({ msg: 'exchange listener ready', url: this.url });
  }

  /** https://host:port of the listener (the port is chosen by the OS when EXCHANGE_PORT is 0). */
  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    return `https://${this.config.EXCHANGE_HOST}:${address?.port ?? this.config.EXCHANGE_PORT}`;
  }

  async onModuleDestroy(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    };
    if (req.method !== 'POST' || req.url !== EXCHANGE_PATH)
      return reply(404, { reason: 'not-found', message: `仅接受 POST ${EXCHANGE_PATH}` });
    const socket = req.socket as TLSSocket;
    const certificate = socket.getPeerCertificate();
    const presented = certificate !== null && Object.keys(certificate).length > 0;
    const caller = {
      authorized: socket.authorized,
      commonName: typeof certificate?.subject?.CN === 'string' ? certificate.subject.CN : '',
      // No certificate at all reads as "no issuer" to OpenSSL: said as what it is (未提供证书).
      error: presented ? certificateProblem(socket.authorizationError) : undefined,
    };
    let size = 0;
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) return reply(413, { reason: 'malformed', message: '报文超过1MB' });
        chunks.push(chunk);
      }
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf-8'));
      } catch {
        body = undefined;
      }
      // A body that is no JSON reaches the checks as undefined: refused as 报文格式错误 (须为JSON对象).
      const answer = await this.receiver.receive(body, caller);
      reply(answer.status, answer.body);
    } catch (error) {
      this.logger.error({ msg: 'exchange message failed', error: (error as Error).message });
      if (!res.headersSent) reply(500, { reason: 'internal', message: '户籍地网关内部错误，请稍后重发' });
    }
  }
}
