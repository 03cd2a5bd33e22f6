import { Injectable, type OnModuleDestroy } from '@nestjs/common';

/**
 * Whether the service was asked to stop. Nest runs `onModuleDestroy` first on SIGTERM, before the HTTP server or the
 * consumer stops, so readiness turns false and new work is refused while in-flight work still finishes.
 */
@Injectable()
export class ShutdownState implements OnModuleDestroy {
  private stopping = false;

  get draining(): boolean {
    return this.stopping;
  }

  onModuleDestroy(): void {
    this.stopping = true;
  }
}
