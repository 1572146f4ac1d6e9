import { Injectable } from '@nestjs/common';

/** The time source services use, so tests can move it. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
