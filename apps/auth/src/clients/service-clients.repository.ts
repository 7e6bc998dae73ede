import { Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { InjectModel } from '@care/persistence';
import { SERVICE_CLIENTS, type ServiceClientDocument } from './service-client.schema';

/** The only code that touches the service_clients collection. */
@Injectable()
export class ServiceClientsRepository {
  constructor(@InjectModel(SERVICE_CLIENTS) private readonly model: Model<ServiceClientDocument>) {}

  async get(clientId: string): Promise<ServiceClientDocument | undefined> {
    return (await this.model.findById(clientId).lean<ServiceClientDocument>().exec()) ?? undefined;
  }

  /** False when the client id is taken. */
  async insert(doc: ServiceClientDocument): Promise<boolean> {
    try {
      await this.model.collection.insertOne(doc as never);
      return true;
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code === 11000) return false;
      throw error;
    }
  }
}
