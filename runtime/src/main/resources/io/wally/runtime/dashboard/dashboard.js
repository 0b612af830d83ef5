// WALLY dashboard: one WebSocket (/ws) brings the map once, then changed cells, the zones, the pose and the state;
// the page sends goto / stop / drive commands through it and shows every reply. Plain JavaScript, no library.
"use strict";
(function () {
  const TOKEN_KEY = "wally.dashboard.token";
  const COLORS = [[255, 255, 255], [40, 40, 40], [170, 170, 170], [230, 120, 0]]; // free, wall, unknown, sensed
  const TRAIL = 60;
  const canvas = document.getElementById("map");
  const g = canvas.getContext("2d");
  const $ = (id) => document.getElementById(id);
  const w = window.wally = { grid: null, cells: null, places: [], zones: [], pose: null, trail: [], state: null, replies: [],
    scale: 40, offsetX: 0, offsetY: 0, hello: null, socket: null };
  let image = null, dirty = true, nextId = 1, fitted = false;

  // ---- token: asked once, kept in this browser ----
  function token() { return localStorage.getItem(TOKEN_KEY) || ""; }
  async function authorised() {
    for (;;) {
      const headers = token() ? { Authorization: "Bearer " + token() } : {};
      const r = await fetch("api/hello", { headers });
      if (r.status !== 401) { return r.ok ? r.json() : null; }
      const t = window.prompt("This robot's dashboard needs its token (dashboard.token in the robot's configuration):");
      if (t === null) { return null; }
      localStorage.setItem(TOKEN_KEY, t.trim());
    }
  }

  // ---- socket ----
  function connect() {
    const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws"
      + (token() ? "?token=" + encodeURIComponent(token()) : "");
    const ws = w.socket = new WebSocket(url);
    ws.onopen = () => link(true, "connected");
    ws.onclose = (e) => { link(false, "disconnected (" + e.code + (e.reason ? ": " + e.reason : "") + "), retrying"); setTimeout(start, 2000); };
    ws.onmessage = (e) => receive(JSON.parse(e.data));
  }
  function link(ok, text) { $("link").textContent = text; $("link").className = ok ? "ok" : "bad"; }
  function send(command, fields) {
    const msg = Object.assign({ id: nextId++, command }, fields || {});
    if (w.socket && w.socket.readyState === 1) { w.socket.send(JSON.stringify(msg)); return true; }
    showReply({ command, ok: false, code: "not_connected", message: "not connected to the robot" });
    return false;
  }

  function receive(m) {
    switch (m.type) {
      case "hello": w.hello = m; $("robot").textContent = "WALLY " + m.robot; break;
      case "map": setMap(m); break;
      case "cells": for (const [i, s] of m.changes) { w.cells[i] = s; paintCell(i); } dirty = true; break;
      case "places": w.places = m.places; dirty = true; break;
      case "zones": w.zones = m.zones; dirty = true; break;
      case "pose":
        w.pose = m; w.trail.push([m.x, m.y]); if (w.trail.length > TRAIL) { w.trail.shift(); }
        $("s-pose").textContent = m.x.toFixed(2) + ", " + m.y.toFixed(2) + " m  " + m.headingDegrees.toFixed(0) + "°";
        dirty = true; break;
      case "state": setState(m); break;
      case "reply": showReply(m); break;
    }
  }

  // ---- map ----
  function setMap(m) {
    const bytes = Uint8Array.from(atob(m.cells), (c) => c.charCodeAt(0));
    const cells = new Uint8Array(m.width * m.height);
    let at = 0;
    for (let i = 0; i < bytes.length;) {
      const state = bytes[i++];
      let run = 0, shift = 0, b;
      do { b = bytes[i++]; run |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
      cells.fill(state, at, at + run); at += run;
    }
    for (let i = m.width; i < cells.length; i++) { cells[i] ^= cells[i - m.width]; } // rows were sent XOR the row before
    w.grid = m; w.cells = cells;
    image = document.createElement("canvas");
    image.width = m.width; image.height = m.height;
    const data = image.getContext("2d").createImageData(m.width, m.height);
    for (let i = 0; i < cells.length; i++) { put(data.data, i, cells[i]); }
    image.getContext("2d").putImageData(data, 0, 0);
    if (!fitted) { fit(); fitted = true; }
    dirty = true;
  }
  function pixelOf(i) { return [i % w.grid.width, Math.floor(i / w.grid.width)]; } // row 0 is the map's top row, as in the image
  function put(px, i, state) {
    const [x, y] = pixelOf(i), o = (y * w.grid.width + x) * 4, c = COLORS[state] || COLORS[2];
    px[o] = c[0]; px[o + 1] = c[1]; px[o + 2] = c[2]; px[o + 3] = 255;
  }
  function paintCell(i) {
    const [x, y] = pixelOf(i), c = COLORS[w.cells[i]] || COLORS[2];
    const ig = image.getContext("2d"); ig.fillStyle = "rgb(" + c.join(",") + ")"; ig.fillRect(x, y, 1, 1);
  }
  function fit() {
    const r = canvas.getBoundingClientRect(), gw = w.grid.width * w.grid.resolutionMeters, gh = w.grid.height * w.grid.resolutionMeters;
    w.scale = Math.min(r.width / gw, r.height / gh) * 0.95;
    w.offsetX = (r.width - gw * w.scale) / 2 - w.grid.originX * w.scale;
    w.offsetY = (r.height + gh * w.scale) / 2 + w.grid.originY * w.scale;
  }
  // screen (CSS pixels in the canvas) <-> map metres; y grows up on the map, down on the screen
  w.toScreen = (x, y) => [w.offsetX + x * w.scale, w.offsetY - y * w.scale];
  w.toWorld = (sx, sy) => [(sx - w.offsetX) / w.scale, (w.offsetY - sy) / w.scale];
  w.cellCentre = (col, row) => [w.grid.originX + (col + 0.5) * w.grid.resolutionMeters, w.grid.originY + (w.grid.height - 1 - row + 0.5) * w.grid.resolutionMeters];

  // ---- state ----
  function setState(m) {
    w.state = m;
    $("s-state").textContent = m.state + (m.reason ? " (" + m.reason + ")" : "");
    $("s-goal").textContent = m.goal ? m.goal + "  " + m.remainingMeters.toFixed(1) + " m left" : "-";
    $("s-speed").textContent = m.speedMps.toFixed(2) + " m/s";
    $("s-battery").textContent = m.batteryVolts == null ? "-"
        : (m.batteryPercent == null ? "" : m.batteryPercent + " % (") + m.batteryVolts.toFixed(2) + " V"
          + (m.batteryPercent == null ? "" : ")");
    $("s-mqtt").textContent = m.mqttConnected ? "connected" : "not connected";
    $("s-fault").textContent = m.fault || "none"; $("s-fault").className = m.fault ? "on" : "";
    $("counters").textContent = Object.entries(m.counters).map(([k, v]) => k + " " + v).join("\n");
    dirty = true;
  }
  function showReply(m) {
    w.replies.push(m);
    const li = document.createElement("li");
    const result = JSON.stringify(m.result);
    li.textContent = (m.command || "?") + ": " + (m.ok ? "ok " + (result.length > 120 ? result.slice(0, 117) + "..." : result)
      : m.code + ": " + m.message);
    if (!m.ok) { li.className = "err"; }
    $("replies").prepend(li);
  }

  // ---- drawing ----
  function draw() {
    if (dirty) {
      dirty = false;
      const r = canvas.getBoundingClientRect(), dpr = window.devicePixelRatio || 1;
      if (canvas.width !== Math.round(r.width * dpr) || canvas.height !== Math.round(r.height * dpr)) {
        canvas.width = Math.round(r.width * dpr); canvas.height = Math.round(r.height * dpr);
      }
      g.setTransform(dpr, 0, 0, dpr, 0, 0);
      g.fillStyle = "#bbb"; g.fillRect(0, 0, r.width, r.height);
      if (image) {
        const [x0, y0] = w.toScreen(w.grid.originX, w.grid.originY + w.grid.height * w.grid.resolutionMeters);
        g.imageSmoothingEnabled = false;
        g.drawImage(image, x0, y0, w.grid.width * w.grid.resolutionMeters * w.scale, w.grid.height * w.grid.resolutionMeters * w.scale);
      }
      drawZones();
      const path = w.state && w.state.path || [];
      if (path.length > 1) {
        line(path, "#dc1e1e", 2.5);
        const [gx, gy] = w.toScreen(path[path.length - 1][0], path[path.length - 1][1]);
        g.strokeStyle = "#143ce6"; g.lineWidth = 3; g.beginPath(); g.arc(gx, gy, 9, 0, 2 * Math.PI); g.stroke();
      }
      g.font = "13px system-ui, sans-serif"; g.textAlign = "center";
      for (const p of w.places) {
        const [sx, sy] = w.toScreen(p.xMeters, p.yMeters);
        g.fillStyle = "#345"; g.beginPath(); g.arc(sx, sy, 3.5, 0, 2 * Math.PI); g.fill();
        g.strokeStyle = "#fff"; g.lineWidth = 3; g.lineJoin = "round"; g.strokeText(p.name, sx, sy - 7); // readable on walls too
        g.fillText(p.name, sx, sy - 7);
      }
      if (w.trail.length > 1) { line(w.trail, "#5b5", 2); }
      if (w.pose) {
        const [sx, sy] = w.toScreen(w.pose.x, w.pose.y), h = w.pose.headingDegrees * Math.PI / 180;
        const rad = Math.max(6, 0.12 * w.scale);
        g.fillStyle = "#00a000"; g.beginPath(); g.arc(sx, sy, rad, 0, 2 * Math.PI); g.fill();
        g.strokeStyle = "#003000"; g.lineWidth = 3; g.beginPath(); g.moveTo(sx, sy);
        g.lineTo(sx + Math.cos(h) * rad * 1.8, sy - Math.sin(h) * rad * 1.8); g.stroke();
      }
    }
    requestAnimationFrame(draw);
  }
  // keep-out: red, translucent and hatched; speed: orange, translucent; each with its name (and cap) inside
  function drawZones() {
    for (const z of w.zones) {
      const keepout = z.kind === "keepout";
      g.save();
      g.beginPath();
      z.points.forEach(([x, y], i) => { const [sx, sy] = w.toScreen(x, y); if (i === 0) { g.moveTo(sx, sy); } else { g.lineTo(sx, sy); } });
      g.closePath();
      g.fillStyle = keepout ? "rgba(220, 30, 30, 0.22)" : "rgba(255, 140, 0, 0.25)";
      g.fill("evenodd");
      g.strokeStyle = keepout ? "rgba(200, 0, 0, 0.9)" : "rgba(230, 110, 0, 0.9)"; g.lineWidth = 2; g.stroke();
      if (keepout) {
        g.clip("evenodd");
        const xs = z.points.map(([x, y]) => w.toScreen(x, y)[0]), ys = z.points.map(([x, y]) => w.toScreen(x, y)[1]);
        const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
        g.strokeStyle = "rgba(200, 0, 0, 0.55)"; g.lineWidth = 1.5; g.beginPath();
        for (let d = x0 - (y1 - y0); d < x1; d += 8) { g.moveTo(d, y1); g.lineTo(d + (y1 - y0), y0); } // 45° hatch, 8 px apart
        g.stroke();
      }
      g.restore();
      let cx = 0, cy = 0;
      for (const [x, y] of z.points) { cx += x / z.points.length; cy += y / z.points.length; }
      const [sx, sy] = w.toScreen(cx, cy);
      const label = z.name + (z.maxSpeedMps != null ? " ≤ " + z.maxSpeedMps.toFixed(2) + " m/s"
        : z.costFactor != null ? " ×" + z.costFactor.toFixed(1) : "");
      g.font = "12px system-ui, sans-serif"; g.textAlign = "center";
      g.strokeStyle = "#fff"; g.lineWidth = 3; g.lineJoin = "round"; g.strokeText(label, sx, sy + 16); // below the centre: a place label sits above its point
      g.fillStyle = keepout ? "#a00" : "#a55000"; g.fillText(label, sx, sy + 16);
    }
  }
  function line(points, colour, width) {
    g.strokeStyle = colour; g.lineWidth = width; g.beginPath();
    points.forEach(([x, y], i) => { const [sx, sy] = w.toScreen(x, y); if (i === 0) { g.moveTo(sx, sy); } else { g.lineTo(sx, sy); } });
    g.stroke();
  }

  // ---- zoom, pan, pinch, click ----
  const pointers = new Map();
  let drag = null, pinch = null;
  function zoomAt(sx, sy, factor) {
    const [wx, wy] = w.toWorld(sx, sy);
    w.scale = Math.min(2000, Math.max(2, w.scale * factor));
    w.offsetX = sx - wx * w.scale; w.offsetY = sy + wy * w.scale; dirty = true;
  }
  function local(e) { const r = canvas.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; }
  canvas.addEventListener("wheel", (e) => { e.preventDefault(); const [sx, sy] = local(e); zoomAt(sx, sy, Math.exp(-e.deltaY / 500)); }, { passive: false });
  canvas.addEventListener("pointerdown", (e) => {
    canvas.setPointerCapture(e.pointerId); pointers.set(e.pointerId, local(e));
    if (pointers.size === 1) { drag = { start: local(e), last: local(e), moved: false }; }
    if (pointers.size === 2) { const [a, b] = [...pointers.values()]; pinch = Math.hypot(a[0] - b[0], a[1] - b[1]); drag = null; }
  });
  canvas.addEventListener("pointermove", (e) => {
    if (!pointers.has(e.pointerId)) { return; }
    pointers.set(e.pointerId, local(e));
    if (pointers.size === 2 && pinch) {
      const [a, b] = [...pointers.values()], d = Math.hypot(a[0] - b[0], a[1] - b[1]);
      zoomAt((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, d / pinch); pinch = d;
    } else if (drag) {
      const p = local(e);
      if (Math.hypot(p[0] - drag.start[0], p[1] - drag.start[1]) > 4) { drag.moved = true; }
      if (drag.moved) { w.offsetX += p[0] - drag.last[0]; w.offsetY += p[1] - drag.last[1]; dirty = true; }
      drag.last = p;
    }
  });
  canvas.addEventListener("pointerup", (e) => {
    pointers.delete(e.pointerId);
    if (pointers.size < 2) { pinch = null; }
    if (drag && !drag.moved && pointers.size === 0) { pick(...drag.start); }
    if (pointers.size === 0) { drag = null; }
  });
  canvas.addEventListener("pointercancel", (e) => { pointers.delete(e.pointerId); drag = null; pinch = null; });

  function pick(sx, sy) {
    let best = null, bestD = 14;
    for (const p of w.places) {
      const [px, py] = w.toScreen(p.xMeters, p.yMeters), d = Math.hypot(px - sx, py - sy);
      if (d < bestD) { best = p; bestD = d; }
    }
    if (best) { ask("Go to " + best.name + " (" + best.kind + ")?", { target: best.name }); return; }
    const [x, y] = w.toWorld(sx, sy);
    ask("Go to the point (" + x.toFixed(2) + ", " + y.toFixed(2) + ") m?", { target: x.toFixed(2) + "," + y.toFixed(2) });
  }
  let pending = null;
  function ask(text, fields) { pending = fields; $("confirm-text").textContent = text; $("confirm").hidden = false; $("confirm-go").focus(); }
  $("confirm-go").onclick = () => { $("confirm").hidden = true; if (pending) { send("goto", pending); } pending = null; canvas.focus(); };
  $("confirm-cancel").onclick = () => { $("confirm").hidden = true; pending = null; canvas.focus(); };

  // ---- stop and hand driving ----
  function stop() { stopDriving(); send("stop", { reason: "dashboard stop button" }); }
  $("stop").onclick = stop;
  let drive = null, driveTimer = null;
  function sendDrive() {
    if (!drive || !w.hello) { return; }
    send("drive", { linearMps: drive.v * w.hello.maxSpeedMps * 0.6, angularRadPerS: drive.w * w.hello.maxTurnRadPerS * 0.6 });
  }
  function startDriving(v, wz) {
    drive = { v, w: wz }; sendDrive();
    if (!driveTimer) { driveTimer = setInterval(sendDrive, 100); } // well inside the robot's 300 ms dead-man
  }
  function stopDriving() { drive = null; if (driveTimer) { clearInterval(driveTimer); driveTimer = null; } }
  const KEYS = { ArrowUp: [1, 0], ArrowDown: [-1, 0], ArrowLeft: [0, 1], ArrowRight: [0, -1] };
  const held = new Set();
  function keysDrive() {
    let v = 0, wz = 0;
    for (const k of held) { v += KEYS[k][0]; wz += KEYS[k][1]; }
    if (held.size === 0) { stopDriving(); } else { startDriving(v, wz); }
  }
  document.addEventListener("keydown", (e) => {
    if (e.code === "Space") { e.preventDefault(); stop(); return; }
    if (KEYS[e.key]) { e.preventDefault(); if (!held.has(e.key)) { held.add(e.key); keysDrive(); } }
  });
  document.addEventListener("keyup", (e) => { if (KEYS[e.key]) { held.delete(e.key); keysDrive(); } });
  window.addEventListener("blur", () => { held.clear(); stopDriving(); });
  for (const b of document.querySelectorAll("#pad button")) {
    b.addEventListener("pointerdown", (e) => { b.setPointerCapture(e.pointerId); startDriving(+b.dataset.v, +b.dataset.w); });
    for (const end of ["pointerup", "pointercancel", "lostpointercapture"]) { b.addEventListener(end, stopDriving); }
  }
  window.addEventListener("resize", () => { dirty = true; });

  async function start() {
    const hello = await authorised().catch(() => null);
    if (!hello) { link(false, "not authorised or robot unreachable; reload to retry"); return; }
    connect();
  }
  requestAnimationFrame(draw);
  start();
})();
