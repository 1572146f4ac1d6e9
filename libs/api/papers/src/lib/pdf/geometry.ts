import { serializeNumber } from './pdf-syntax';

/** A PDF transformation matrix [a b c d e f] (row-vector convention, as `cm` takes it). */
export type Matrix = [number, number, number, number, number, number];

/** `first` applied, then `second`. */
export function multiply(first: Matrix, second: Matrix): Matrix {
  const [a1, b1, c1, d1, e1, f1] = first;
  const [a2, b2, c2, d2, e2, f2] = second;
  return [a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2, e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2];
}

export const translate = (x: number, y: number): Matrix => [1, 0, 0, 1, x, y];
export const scale = (s: number): Matrix => [s, 0, 0, s, 0, 0];
export const rotate = (radians: number): Matrix => [Math.cos(radians), Math.sin(radians), -Math.sin(radians), Math.cos(radians), 0, 0];

export function matrixSource(matrix: Matrix): string {
  return matrix.map(serializeNumber).join(' ');
}

/**
 * A page as the reader sees it: its width and height on screen (after /Rotate) and the matrix
 * from that upright frame (origin bottom-left) to the page's user space.
 */
export interface DisplayFrame {
  width: number;
  height: number;
  toUser: Matrix;
}

export function displayFrame(box: readonly [number, number, number, number], rotation: 0 | 90 | 180 | 270): DisplayFrame {
  const [x0, y0, x1, y1] = box;
  switch (rotation) {
    case 0:
      return { width: x1 - x0, height: y1 - y0, toUser: [1, 0, 0, 1, x0, y0] };
    case 90:
      return { width: y1 - y0, height: x1 - x0, toUser: [0, 1, -1, 0, x1, y0] };
    case 180:
      return { width: x1 - x0, height: y1 - y0, toUser: [-1, 0, 0, -1, x1, y1] };
    case 270:
      return { width: y1 - y0, height: x1 - x0, toUser: [0, -1, 1, 0, x0, y1] };
  }
}

/** Grows a box by `top` and `bottom` points as the reader sees the page (rotation considered). */
export function extendBox(box: readonly [number, number, number, number], rotation: 0 | 90 | 180 | 270, top: number, bottom: number): [number, number, number, number] {
  const [x0, y0, x1, y1] = box;
  switch (rotation) {
    case 0:
      return [x0, y0 - bottom, x1, y1 + top];
    case 90:
      return [x0 - top, y0, x1 + bottom, y1];
    case 180:
      return [x0, y0 - top, x1, y1 + bottom];
    case 270:
      return [x0 - bottom, y0, x1 + top, y1];
  }
}
