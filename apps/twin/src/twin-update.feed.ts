import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { filter, map, Subject, type Observable } from 'rxjs';

/** A twin's new revision, as this process made it. */
export interface TwinRevision {
  readonly patientId: string;
  readonly revision: number;
}

/**
 * The revisions this process's twin consumer makes, for live views (Server-Sent Events). In a group of several twin
 * processes each sees only the people of its partitions: a live view is served by the process that owns the person
 * (the embedded platform owns everyone).
 */
@Injectable()
export class TwinUpdateFeed implements OnModuleDestroy {
  private readonly revisions = new Subject<TwinRevision>();

  emit(update: TwinRevision): void {
    this.revisions.next(update);
  }

  revisionsOf(patientId: string): Observable<number> {
    return this.revisions.pipe(
      filter((u) => u.patientId === patientId),
      map((u) => u.revision),
    );
  }

  onModuleDestroy(): void {
    this.revisions.complete();
  }
}
