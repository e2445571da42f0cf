/** Tencent's own settings: the zone of its zone-less times. */
export interface TencentSettings {
  /** Minutes east of UTC at which Tencent's zone-less times are read (default +480, Beijing). */
  readonly utcOffsetMinutes: number;
}
