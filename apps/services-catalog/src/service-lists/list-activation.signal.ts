import { Injectable } from '@nestjs/common';

/**
 * Tells the activator a list was published, so an effective-today list is applied to the
 * county's children at once rather than at the next sweep. In-process only; the sweep is the
 * guarantee (it also covers other instances' publications and future effective dates).
 */
@Injectable()
export class ListActivationSignal {
  private readonly listeners: (() => void)[] = [];

  onPublished(listener: () => void): void {
    this.listeners.push(listener);
  }

  published(): void {
    for (const listener of this.listeners) listener();
  }
}
