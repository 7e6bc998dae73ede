// The generated service boots on the real broker and database and reports itself ready.
import { startTestService, type TestService } from '@care/service-kit/testing';
import { AppModule } from '../src/app.module';
import { loadMonitoringConfig, type MonitoringConfig } from '../src/config';

describe('monitoring boots on the real broker and database', () => {
  let service: TestService<MonitoringConfig>;

  beforeAll(async () => {
    service = await startTestService({
      name: 'monitoring-boot',
      load: loadMonitoringConfig,
      module: (config, clock) => AppModule.forRoot(config, { clock }),
      grpcPackages: [],
    });
  }, 120_000);

  afterAll(() => service?.close());

  it('is ready (database and Kafka answer) and serves its OpenAPI document', async () => {
    const ready = await fetch(`${service.httpUrl}/health/ready`);
    expect(ready.status).toBe(200);
    const docs = await fetch(`${service.httpUrl}/api/docs-json`);
    expect(docs.status).toBe(200);
  });
});
