// The gRPC platform over a real socket: a Nest hybrid app serving registry.v1.RegistryService
// with the platform's filters, pipe and health service, called by the platform's client.
import 'reflect-metadata';
import { Body, Controller, Get, Module, Param, Post, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { credentials, makeClientConstructor, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { firstValueFrom } from 'rxjs';
import { createServer } from 'node:net';
import { registry } from '@care/contracts';
import { DomainError, invalidArgument, notFound, unavailable } from '@care/errors';
import {
  configureHybridApp,
  createGrpcClient,
  ERROR_FIELD_KEY,
  ERROR_RULE_KEY,
  type GrpcClient,
  type GrpcHealth,
} from '@care/grpc';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let flakyCalls = 0;

@Controller()
@registry.RegistryServiceControllerMethods()
class TestRegistryController implements registry.RegistryServiceController {
  async getChild(request: registry.GetChildRequest): Promise<registry.GetChildResponse> {
    switch (request.childId) {
      case '':
        throw invalidArgument('childId', '必填', '儿童编号（childId）必填');
      case 'missing':
        throw notFound('儿童', request.childId);
      case 'boom':
        throw new Error('E11000 duplicate key mongodb://admin:secret@db/registry');
      case 'slow':
        await sleep(600);
        break;
      case 'flaky':
        flakyCalls += 1;
        if (flakyCalls < 3) throw unavailable('登记库');
        break;
      default:
        break;
    }
    return {
      child: {
        childId: request.childId,
        name: '张*',
        idNumber: '',
        facts: undefined,
        hukouAddress: '',
        residenceAddress: '',
        guardians: [],
        lastVerifiedOn: '2025-03-01',
        masked: true,
      },
    };
  }

  findChildByIdNumber(): registry.FindChildByIdNumberResponse {
    throw notFound('儿童');
  }

  listKeyCareChildren(request: registry.ListKeyCareChildrenRequest): registry.ListKeyCareChildrenResponse {
    return {
      children: [
        {
          childId: 'c1',
          entryId: 'e1',
          countyCode: request.countyCode,
          townshipCode: '',
          difficultyTypes: [1, 3],
          nextVisitDueOn: '2025-04-01',
        },
      ],
      nextPageToken: '',
    };
  }

  listStatusChanges(): registry.ListStatusChangesResponse {
    return { changes: [], nextCursor: '' };
  }

  matchChildrenByIdNumber(): registry.MatchChildrenByIdNumberResponse {
    return { matches: [] };
  }

  readChildIdentities(): registry.ReadChildIdentitiesResponse {
    return { identities: [] };
  }
}

class CreateVisitDto {
  @IsString()
  childId!: string;

  @IsInt()
  @Min(1)
  @Max(12)
  month!: number;
}

@Controller('children')
class TestHttpController {
  @Get(':id')
  get(@Param('id') id: string): { id: string } {
    if (id === 'missing') throw notFound('儿童', id);
    if (id === 'boom') throw new Error('internal detail that must not leak');
    return { id };
  }

  @Post('visits')
  create(@Body() body: CreateVisitDto): CreateVisitDto {
    return body;
  }
}

@Module({ controllers: [TestRegistryController, TestHttpController] })
class TestModule {}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

function grpcError(promise: Promise<unknown>): Promise<ServiceError> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: ServiceError) => error,
  );
}

describe('gRPC platform over a real socket', () => {
  let app: INestApplication;
  let health: GrpcHealth;
  let address: string;
  let httpUrl: string;
  let client: GrpcClient<registry.RegistryServiceClient>;
  const HealthClient = makeClientConstructor(healthService as never, 'grpc.health.v1.Health');
  let healthClient: InstanceType<typeof HealthClient>;

  const checkHealth = (service: string) =>
    new Promise<string>((resolve, reject) =>
      (
        healthClient as unknown as {
          check(req: object, cb: (e: ServiceError | null, r: { status: string }) => void): void;
        }
      ).check({ service }, (error, response) => (error ? reject(error) : resolve(response.status))),
    );

  beforeAll(async () => {
    address = `127.0.0.1:${await freePort()}`;
    app = await NestFactory.create(TestModule, { logger: false });
    health = configureHybridApp(app, { packages: ['registry'], url: address })!;
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    httpUrl = await app.getUrl();
    client = createGrpcClient<registry.RegistryServiceClient>('registry', address, {
      deadlineMs: 2000,
      retries: 2,
    });
    healthClient = new HealthClient(address, credentials.createInsecure());
  });

  afterAll(async () => {
    client?.close();
    healthClient?.close();
    await app?.close();
  });

  it('reports NOT_SERVING until the app says it is ready, then SERVING for the server and the service', async () => {
    expect(await checkHealth('registry.v1.RegistryService')).toBe('NOT_SERVING');
    health.setServing();
    expect(await checkHealth('registry.v1.RegistryService')).toBe('SERVING');
    expect(await checkHealth('')).toBe('SERVING');
  });

  it('round-trips a request and response decoded like ts-proto (camelCase, enums as numbers, defaults)', async () => {
    const response = await firstValueFrom(client.getChild({ childId: 'c-42', purpose: '' }));
    expect(response.child).toMatchObject({
      childId: 'c-42',
      name: '张*',
      masked: true,
      guardians: [],
      idNumber: '',
    });
    const list = await firstValueFrom(
      client.listKeyCareChildren({ countyCode: '371702', townshipCode: '', pageSize: 10, pageToken: '' }),
    );
    expect(list.children[0]).toMatchObject({ countyCode: '371702', difficultyTypes: [1, 3] });
  });

  it('maps a not-found DomainError to NOT_FOUND with its Chinese message', async () => {
    const error = await grpcError(firstValueFrom(client.getChild({ childId: 'missing', purpose: '' })));
    expect(error.code).toBe(status.NOT_FOUND);
    expect(error.details).toBe('儿童不存在：missing');
  });

  it('maps an invalid-argument DomainError to INVALID_ARGUMENT, with field and rule in the trailers', async () => {
    const error = await grpcError(firstValueFrom(client.getChild({ childId: '', purpose: '' })));
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.details).toBe('儿童编号（childId）必填');
    expect((error.metadata.get(ERROR_FIELD_KEY)[0] as Buffer).toString('utf8')).toBe('childId');
    expect((error.metadata.get(ERROR_RULE_KEY)[0] as Buffer).toString('utf8')).toBe('必填');
  });

  it('turns a plain Error into INTERNAL with a generic message, never UNKNOWN and never the internals', async () => {
    const error = await grpcError(firstValueFrom(client.getChild({ childId: 'boom', purpose: '' })));
    expect(error.code).toBe(status.INTERNAL);
    expect(error.details).not.toMatch(/mongodb|secret|E11000/);
    expect(error.details).toBe('服务器内部错误，请稍后重试');
  });

  it('rebuilds the remote DomainError for callers that name the dependency', async () => {
    const typed = createGrpcClient<registry.RegistryServiceClient>('registry', address, {
      dependency: '登记服务',
    });
    try {
      const error = await firstValueFrom(typed.getChild({ childId: '', purpose: '' })).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({
        code: 'invalid-argument',
        field: 'childId',
        rule: '必填',
        message: '儿童编号（childId）必填',
      });
    } finally {
      typed.close();
    }
  });

  it('enforces the per-call deadline', async () => {
    const hasty = createGrpcClient<registry.RegistryServiceClient>('registry', address, { deadlineMs: 150 });
    try {
      const started = Date.now();
      const error = await grpcError(firstValueFrom(hasty.getChild({ childId: 'slow', purpose: '' })));
      expect(error.code).toBe(status.DEADLINE_EXCEEDED);
      expect(Date.now() - started).toBeLessThan(550);
    } finally {
      hasty.close();
    }
  });

  it('retries a read on UNAVAILABLE per the service config, and not when retries are off', async () => {
    flakyCalls = 0;
    const once = createGrpcClient<registry.RegistryServiceClient>('registry', address, { retries: 0 });
    try {
      const error = await grpcError(firstValueFrom(once.getChild({ childId: 'flaky', purpose: '' })));
      expect(error.code).toBe(status.UNAVAILABLE);
      expect(flakyCalls).toBe(1);
    } finally {
      once.close();
    }
    flakyCalls = 0;
    const response = await firstValueFrom(client.getChild({ childId: 'flaky', purpose: '' }, new Metadata()));
    expect(response.child?.childId).toBe('flaky');
    expect(flakyCalls).toBe(3);
  });

  it('maps the same codes on HTTP with a { code, message, field, rule } body', async () => {
    const missing = await fetch(`${httpUrl}/children/missing`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'not-found', message: '儿童不存在：missing' });

    const boom = await fetch(`${httpUrl}/children/boom`);
    expect(boom.status).toBe(500);
    const boomBody = await boom.json();
    expect(boomBody).toEqual({ code: 'internal', message: '服务器内部错误，请稍后重试' });

    const noRoute = await fetch(`${httpUrl}/nowhere`);
    expect(noRoute.status).toBe(404);
    expect(await noRoute.json()).toMatchObject({ code: 'not-found' });
  });

  it('validates HTTP bodies: a bad field and an unknown field come back as invalid-argument naming the field and rule', async () => {
    const post = (body: object) =>
      fetch(`${httpUrl}/children/visits`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const ok = await post({ childId: 'c1', month: 3 });
    expect(ok.status).toBe(201);

    const badMonth = await post({ childId: 'c1', month: 13 });
    expect(badMonth.status).toBe(400);
    expect(await badMonth.json()).toMatchObject({
      code: 'invalid-argument',
      field: 'month',
      rule: '数值过大',
    });

    const extra = await post({ childId: 'c1', month: 3, idNumber: 'x' });
    expect(extra.status).toBe(400);
    const extraBody = (await extra.json()) as { message: string };
    expect(extraBody).toMatchObject({ code: 'invalid-argument', field: 'idNumber', rule: '不允许的字段' });
    expect(extraBody.message).toContain('字段 idNumber');
  });
});
