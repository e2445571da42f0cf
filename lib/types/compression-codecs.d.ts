// Pure-JS compression libraries without types of their own; only what kafka-sink.ts calls.
declare module 'kafkajs-snappy' {
  const createSnappyCodec: () => { compress(encoder: { buffer: Buffer }): Promise<Buffer>; decompress(buffer: Buffer): Promise<Buffer> };
  export default createSnappyCodec;
}
declare module 'lz4js' {
  export function compress(src: Uint8Array, maxSize?: number): Uint8Array;
  export function decompress(src: Uint8Array, maxSize?: number): Uint8Array;
}
