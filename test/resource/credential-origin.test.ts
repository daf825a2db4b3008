// credentialOriginProblem on its own: where the URL and the credentials came from, and whether the
// credentials may go to that URL. Every accepted and refused combination the README's table lists.
import { expect } from "chai";
import { DEFAULT_URL } from "../../provider/client";
import { credentialOriginProblem, type CredentialOrigin } from "../../provider/resource/credential-origin";

const ENV_URL = "https://env.example.com";
const OWN_URL = "https://own.example.com";

describe("credentialOriginProblem (a credential goes only where it came from)", () => {
  const accepted: Array<[string, CredentialOrigin]> = [
    [
      "the provider's own credentials to its own URL",
      { configuredUrl: OWN_URL, environmentUrl: ENV_URL, credentialSource: "stack config" },
    ],
    [
      "the provider's own credentials to DATATRAILS_URL (it names no URL)",
      { configuredUrl: undefined, environmentUrl: ENV_URL, credentialSource: "stack config" },
    ],
    [
      "the provider's own credentials to the default URL (no URL anywhere)",
      { configuredUrl: undefined, environmentUrl: undefined, credentialSource: "stack config" },
    ],
    [
      "the environment's credentials to DATATRAILS_URL",
      { configuredUrl: undefined, environmentUrl: ENV_URL, credentialSource: "environment" },
    ],
    [
      "the environment's credentials to the default URL (no URL anywhere)",
      { configuredUrl: undefined, environmentUrl: undefined, credentialSource: "environment" },
    ],
    [
      "the environment's credentials to the provider's URL when it is DATATRAILS_URL (GitOps)",
      { configuredUrl: ENV_URL, environmentUrl: ENV_URL, credentialSource: "environment" },
    ],
    [
      "the environment's credentials to the provider's URL when it is DATATRAILS_URL spelled otherwise",
      { configuredUrl: "HTTPS://ENV.example.com/", environmentUrl: ENV_URL, credentialSource: "environment" },
    ],
    [
      "the environment's credentials to the provider's URL when it is the default and DATATRAILS_URL is unset",
      { configuredUrl: DEFAULT_URL, environmentUrl: undefined, credentialSource: "environment" },
    ],
  ];
  for (const [what, origin] of accepted) {
    it(`accepts ${what}`, () => {
      expect(credentialOriginProblem(origin)).to.equal(undefined);
    });
  }

  const refused: Array<[string, CredentialOrigin, RegExp]> = [
    [
      "the environment's credentials to the provider's URL when DATATRAILS_URL names another",
      { configuredUrl: OWN_URL, environmentUrl: ENV_URL, credentialSource: "environment" },
      /is https:\/\/own\.example\.com, but the credentials come from the environment, which is for https:\/\/env\.example\.com \(DATATRAILS_URL\)/,
    ],
    [
      "the environment's credentials to the provider's URL when DATATRAILS_URL is unset (the default is theirs)",
      { configuredUrl: OWN_URL, environmentUrl: undefined, credentialSource: "environment" },
      /which is for https:\/\/app\.datatrails\.ai \(the default URL \(DATATRAILS_URL is unset\)\)/,
    ],
    [
      "the environment's credentials to the default URL named by the provider when DATATRAILS_URL names another",
      { configuredUrl: DEFAULT_URL, environmentUrl: ENV_URL, credentialSource: "environment" },
      /is https:\/\/app\.datatrails\.ai, but .* for https:\/\/env\.example\.com \(DATATRAILS_URL\)/,
    ],
    [
      "the environment's credentials when DATATRAILS_URL is not a usable URL (never shown: it may hold a password)",
      {
        configuredUrl: OWN_URL,
        environmentUrl: "https://user:pw-never-shown@env example",
        credentialSource: "environment",
      },
      /which is for a URL that is not usable \(DATATRAILS_URL\)/,
    ],
  ];
  for (const [what, origin, says] of refused) {
    it(`refuses ${what}, naming both URLs and how to give credentials for the configured one`, () => {
      const problem = credentialOriginProblem(origin) ?? "";
      expect(problem).to.match(says);
      expect(problem).to.match(
        /refusing to send the environment's credentials to another URL\. Nothing was sent\./,
      );
      expect(problem).to.include("pulumi config set datatrails:clientId <id>");
      expect(problem).to.include("pulumi config set --secret datatrails:clientSecret <secret>");
      expect(problem).to.include("its clientId and clientSecret (or token, or tokenFile) arguments");
      expect(problem).to.include(`set DATATRAILS_URL=`);
      expect(problem).to.not.include("pw-never-shown");
    });
  }
});
