import { Inject } from '@nestjs/common';

/** The delivery event type of this department service (an entry of DeliveryEvents). */
export const DELIVERY_EVENT = Symbol.for('care.department.delivery-event');
export const InjectDeliveryEvent = (): PropertyDecorator & ParameterDecorator => Inject(DELIVERY_EVENT);
