// A stand-in for k6's `k6/http` module and its globals (testdata only): synchronous requests
// answered by a function the check script sets, every call recorded.
const g = /** @type {any} */ (globalThis);
g.__ENV = { KOPEK_BASE_URL: "http://kopek.test/" };
g.__VU = 3;
g.__ITER = 0;

/** @type {{ method: string, url: string, body: string | null, params: any }[]} */
export const calls = [];
/** @type {(method: string, url: string, body: any) => { status: number, headers: Record<string, string>, body: string }} */
let responder = () => ({ status: 500, headers: {}, body: "" });

/** @param {typeof responder} fn */
export function respond(fn) {
  responder = fn;
}

export default {
  /**
   * @param {string} method
   * @param {string} url
   * @param {string | null} body
   * @param {any} params
   */
  request(method, url, body, params) {
    calls.push({ method, url, body, params });
    return responder(method, url, body === null ? null : JSON.parse(body));
  },
  /** @param {number[]} statuses */
  expectedStatuses(...statuses) {
    return { statuses };
  },
};
