#!/usr/bin/env node
// Makes `require("pulumi-datatrails-invites/...")` resolve inside this checkout, as it does in a
// project that installed the package: the serialized provider loads its handlers by package name.
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const link = path.join(root, "node_modules", "pulumi-datatrails-invites");

fs.mkdirSync(path.dirname(link), { recursive: true });
let current;
try {
  current = fs.readlinkSync(link);
} catch {
  current = undefined;
}
if (current !== "..") {
  fs.rmSync(link, { recursive: true, force: true });
  fs.symlinkSync("..", link, "dir");
}
