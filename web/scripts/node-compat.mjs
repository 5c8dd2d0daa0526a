// SvelteKit 3 asks for Node >= 22.17; this machine has Node 20. The only newer API its build
// reaches is Promise.withResolvers (Node 22): add it where it is missing (a no-op on Node 22+).
// Loaded with `node --import` (and through NODE_OPTIONS, so SvelteKit's worker threads get it too).
if (typeof Promise.withResolvers !== "function") {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
