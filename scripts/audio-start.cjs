// Used by scripts/measure-audio-start.sh: signs in as the demo patient, keeps "Relaxed breathing"
// on the phone, then times Play → "playing" for it (kept) and for "For a flare" (streamed, never
// kept) under a slow link, alternating, RUNS times each. Prints a Markdown table.
const puppeteer = require("puppeteer-core");
const [base, runs] = [process.argv[2], Number(process.argv[3])];
const KEPT = "9dd3a00e-1123-4ff8-a0f4-10ee708d62cc";
const STREAMED = "63d96b41-666c-4194-b5ca-9af4ef2c9c79";

(async () => {
  const browser = await puppeteer.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--autoplay-policy=no-user-gesture-required"],
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 390, height: 844 });
  await page.goto(`${base}/signin`, { waitUntil: "networkidle0" });
  await page.type("#signin-email", "patient@demo.test");
  await page.type("#signin-password", "even-keel-demo");
  await Promise.all([page.waitForNavigation(), page.click("#signin-submit")]);
  await page.goto(`${base}/relax`, { waitUntil: "networkidle0" });
  await page.waitForSelector(`li[data-track='${KEPT}'] button.keep`);
  await page.click(`li[data-track='${KEPT}'] button.keep`);
  await page.waitForSelector(`li[data-track='${KEPT}'][data-kept='true']`, { timeout: 60000 });
  // The slow link for the page and for the service worker: a track that isn't kept is fetched by the
  // worker, and the page's throttling does not reach the worker's own requests.
  const slow = async (session) => {
    await session.send("Network.enable");
    await session.send("Network.setCacheDisabled", { cacheDisabled: true });
    await session.send("Network.emulateNetworkConditions", {
      offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
    });
  };
  await slow(await page.createCDPSession());
  const worker = await browser.waitForTarget((t) => t.type() === "service_worker");
  await slow(await worker.createCDPSession());
  const time = async (track) => {
    await page.goto(`${base}/relax`, { waitUntil: "networkidle0" });
    await page.waitForSelector(`li[data-track='${track}'] button.play`);
    await page.click(`li[data-track='${track}'] button.play`);
    await page.waitForSelector("#player-play");
    return page.evaluate(() => new Promise((done) => {
      const a = document.getElementById("player-audio");
      const start = performance.now();
      a.addEventListener("playing", () => done(performance.now() - start), { once: true });
      document.getElementById("player-play").click();
    }));
  };
  const kept = [], streamed = [];
  for (let i = 0; i < runs; i++) {
    kept.push(await time(KEPT));
    streamed.push(await time(STREAMED));
  }
  await browser.close();
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const range = (xs) => `${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))}`;
  const [k, s] = [median(kept), median(streamed)];
  console.log([
    `Measured ${new Date().toISOString().slice(0, 10)} by \`scripts/measure-audio-start.sh\` (headless Chromium, 390×844, 150 ms round trip, 1.6 Mbit/s; Play tapped → \`playing\`; median of ${runs}, range after it):`,
    "",
    "| track | time to first sound |",
    "|---|---|",
    `| Kept on this phone (service worker, 206 from the cache) | **${Math.round(k)} ms** (${range(kept)}) |`,
    `| Streamed from the server | **${Math.round(s)} ms** (${range(streamed)}) |`,
    "",
    `Kept is ${(s / k).toFixed(1)}× faster to start.`,
  ].join("\n"));
})().catch((e) => { console.error(e); process.exit(1); });
