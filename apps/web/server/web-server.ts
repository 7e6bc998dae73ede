import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { ConfigError } from '@care/config';
import { upstreamsOf, type UpstreamName, type WebConfig } from './config';
import { deploymentOf } from './deployment';
import {
  contentTypeOf,
  forwardedRequestHeaders,
  forwardedResponseHeaders,
  routeOf,
  type Route,
} from './routes';
import { createWebMetrics, startMetricsServer, type MetricsServer } from './web-metrics';

const UPSTREAM_LABELS: Readonly<Record<UpstreamName, string>> = {
  auth: '登录服务',
  registry: '登记服务',
  catalogue: '服务清单',
  education: '教育服务',
  'health-insurance': '卫生健康与医保服务',
  welfare: '民政福利服务',
  'housing-transport': '住建交通服务',
  gateway: '跨区域网关',
  monitoring: '监测服务',
};

// antd writes its styles at run time (CSS-in-JS), hence 'unsafe-inline' for styles only.
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

export interface WebServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** http://<host>:<WEB_METRICS_PORT>, when a metrics port is configured. */
  readonly metricsUrl?: string;
  close(): Promise<void>;
}

/**
 * The UI's one origin: the built UI (index.html for the client's routes) and a reverse proxy
 * `/api/<service>/v1/...` → `<service>/api/v1/...`, streaming both ways (uploads, Excel downloads).
 */
export async function startWebServer(config: WebConfig): Promise<WebServer> {
  const upstreams = upstreamsOf(config);
  const staticRoot = path.resolve(config.WEB_STATIC_DIR);
  const indexHtml = path.join(staticRoot, 'index.html');
  // A production server without the built UI would answer every page with 404: refuse to start.
  if (config.NODE_ENV === 'production' && (await regularFile(indexHtml)) === undefined)
    throw new ConfigError([
      `WEB_STATIC_DIR: ${staticRoot} 中没有 index.html（先构建界面：node tools/build.js apps/web） / no built UI there`,
    ]);
  const deployment = JSON.stringify(deploymentOf(config.CITY_CODE));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const metrics = createWebMetrics();

  const sendJson = (res: http.ServerResponse, status: number, body: string): void => {
    res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' });
    res.end(body);
  };
  const refusal = (code: string, message: string, details: Record<string, string> = {}) =>
    JSON.stringify({ code, message, details });

  const proxy = (req: http.IncomingMessage, res: http.ServerResponse, route: Route & { kind: 'proxy' }) => {
    const target = new URL(route.path, upstreams[route.upstream]);
    const upstreamReq = http.request(
      target,
      {
        method: req.method,
        headers: {
          ...forwardedRequestHeaders(req.headers, req.socket.remoteAddress),
          host: target.host,
        },
        agent,
        timeout: config.WEB_UPSTREAM_TIMEOUT_MS,
      },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, {
          ...forwardedResponseHeaders(upstreamRes.headers),
          'x-content-type-options': 'nosniff',
        });
        upstreamRes.pipe(res);
      },
    );
    const label = UPSTREAM_LABELS[route.upstream];
    let timedOut = false;
    upstreamReq.on('timeout', () => {
      timedOut = true;
      metrics.upstreamFailed(route.upstream, 'timeout');
      upstreamReq.destroy();
      if (!res.headersSent)
        sendJson(
          res,
          504,
          refusal('unavailable', `${label}响应超时，请稍后再试`, { service: route.upstream }),
        );
    });
    upstreamReq.on('error', () => {
      if (!timedOut) metrics.upstreamFailed(route.upstream, res.headersSent ? 'aborted' : 'unreachable');
      if (!res.headersSent)
        sendJson(
          res,
          502,
          refusal('unavailable', `${label}暂时无法访问，请稍后再试`, { service: route.upstream }),
        );
      else res.destroy();
    });
    req.pipe(upstreamReq);
  };

  const serveStatic = async (res: http.ServerResponse, urlPath: string) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return sendJson(res, 400, refusal('invalid-argument', '请求路径不正确'));
    }
    const wanted = path.resolve(staticRoot, `.${decoded}`);
    const inside = wanted === staticRoot || wanted.startsWith(staticRoot + path.sep);
    const file = inside ? await regularFile(wanted) : undefined;
    // A client route (no file extension) gets the app; a missing asset is a 404.
    const target = file ?? (path.extname(decoded) === '' ? await regularFile(indexHtml) : undefined);
    if (target === undefined) return sendJson(res, 404, refusal('not-found', '页面或文件不存在'));
    const immutable = target.startsWith(path.join(staticRoot, 'assets') + path.sep);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': contentTypeOf(target),
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    createReadStream(target).pipe(res);
  };

  const server = http.createServer((req, res) => {
    const route = routeOf(req.url ?? '/');
    const finished = metrics.startRequest(req.method, route);
    res.once('finish', () => finished(res.statusCode));
    switch (route.kind) {
      case 'proxy':
        return proxy(req, res, route);
      case 'web-config':
        return sendJson(res, 200, deployment);
      case 'health':
        // Live: the process answers. Ready: it can serve the UI (the bundle is readable).
        if (route.probe === 'live') return sendJson(res, 200, JSON.stringify({ status: 'ok' }));
        return void regularFile(indexHtml).then((found) =>
          found === undefined
            ? sendJson(res, 503, refusal('unavailable', '界面文件不可用（index.html 缺失）'))
            : sendJson(res, 200, JSON.stringify({ status: 'ok' })),
        );
      case 'unknown-api':
        return sendJson(res, 404, refusal('not-found', `没有名为 ${route.name} 的服务接口`));
      case 'static':
        if (req.method !== 'GET' && req.method !== 'HEAD')
          return sendJson(res, 405, refusal('invalid-argument', '静态页面只支持 GET'));
        return void serveStatic(res, route.path).catch(() => {
          if (!res.headersSent) sendJson(res, 500, refusal('unavailable', '页面读取失败'));
        });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.WEB_HTTP_PORT, config.WEB_HTTP_HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let metricsServer: MetricsServer | undefined;
  if (config.WEB_METRICS_PORT !== undefined) {
    try {
      metricsServer = await startMetricsServer(
        metrics.registry,
        config.WEB_HTTP_HOST,
        config.WEB_METRICS_PORT,
      );
    } catch (error) {
      server.close();
      throw error;
    }
  }
  return {
    url: `http://${config.WEB_HTTP_HOST}:${port}`,
    ...(metricsServer && { metricsUrl: metricsServer.url }),
    close: () =>
      Promise.all([
        metricsServer?.close(),
        new Promise<void>((resolve) => {
          agent.destroy();
          server.close(() => resolve());
          server.closeAllConnections();
        }),
      ]).then(() => undefined),
  };
}

async function regularFile(file: string): Promise<string | undefined> {
  try {
    return (await stat(file)).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}
