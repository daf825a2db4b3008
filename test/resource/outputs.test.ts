import { expect } from "chai";
import { declaredFrom, declaredIn, type Declared } from "../../provider/resource/person";

describe("declaredFrom", () => {
  const cases: Array<[string, Record<string, unknown>, Declared]> = [
    [
      "keeps the email and message as declared",
      { email: "A@Example.com", message: " hi " },
      { email: "A@Example.com", message: " hi " },
    ],
    [
      "records no message as an empty one",
      { email: "a@example.com" },
      { email: "a@example.com", message: "" },
    ],
  ];
  for (const [behaviour, inputs, expected] of cases) {
    it(behaviour, () => {
      expect(declaredFrom(inputs)).to.deep.equal(expected);
    });
  }
});

describe("declaredIn", () => {
  const fresh: Declared = { email: "fresh@example.com", message: "fresh" };
  const cases: Array<[string, Record<string, unknown>, Declared]> = [
    [
      "reads the declared copy, not the service's",
      { email: "a@example.com", message: "hi", declaredEmail: "A@Example.com", declaredMessage: " hi " },
      { email: "A@Example.com", message: " hi " },
    ],
    [
      "keeps a declared empty message",
      { email: "a@example.com", message: "x", declaredEmail: "a@example.com", declaredMessage: "" },
      { email: "a@example.com", message: "" },
    ],
    [
      "falls back to the recorded outputs of 0.1.0 state",
      { email: "a@example.com", message: "hi" },
      { email: "a@example.com", message: "hi" },
    ],
    ["falls back to the given copy when nothing is recorded", {}, fresh],
  ];
  for (const [behaviour, outputs, expected] of cases) {
    it(behaviour, () => {
      expect(declaredIn(outputs, fresh)).to.deep.equal(expected);
    });
  }
});
