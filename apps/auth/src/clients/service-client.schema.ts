import { Schema } from 'mongoose';
import { DUTIES, ROLES, type Duty, type Role } from '@care/access';

export const SERVICE_CLIENTS = 'ServiceClient';

/**
 * A service's own identity (client-credentials grant): the gateway reading the registry for a
 * push, a department matching a roster. The secret is a scrypt hash, shown once at creation.
 */
export interface ServiceClientDocument {
  /** e.g. `svc-gateway`: the token's `sub`. */
  _id: string;
  secretHash: string;
  role: Role;
  department: string;
  countyCodes: string[];
  duties: Duty[];
  status: 'active' | 'disabled';
  createdAt: Date;
  createdBy: string;
}

export const serviceClientSchema = new Schema<ServiceClientDocument>(
  {
    _id: { type: String, required: true },
    secretHash: { type: String, required: true },
    role: { type: String, required: true, enum: ROLES },
    department: { type: String, required: true },
    countyCodes: { type: [String], required: true },
    duties: { type: [String], default: [], enum: DUTIES },
    status: { type: String, required: true, enum: ['active', 'disabled'] },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
  },
  { versionKey: false, minimize: false, strict: true, collection: 'service_clients' },
);
