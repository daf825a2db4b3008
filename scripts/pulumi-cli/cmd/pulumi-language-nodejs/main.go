// Command pulumi-language-nodejs is a small, self-written stand-in for Pulumi's
// Node.js language host (the upstream one lives in the Go module
// github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3, which the
// Go module proxy reachable from this project's machines does not serve).
//
// It implements just the part of the LanguageRuntime gRPC service that the
// Pulumi engine needs to run a Node.js/TypeScript program:
//
//   - Run: starts `node <@pulumi/pulumi/cmd/run> --monitor … <entry point>` in
//     the program directory, passing the stack config through PULUMI_CONFIG /
//     PULUMI_CONFIG_SECRET_KEYS exactly as the @pulumi/pulumi runtime expects.
//   - GetRequiredPackages / GetRequiredPlugins: lists node_modules packages whose
//     package.json has `"pulumi": {"resource": true}`.
//   - GetPluginInfo, About, GetProgramDependencies, InstallDependencies (npm).
//
// Everything else answers Unimplemented. The engine starts this binary with
// the engine's gRPC address as its last argument and reads the port we listen
// on from the first line of our stdout.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// Exit code used by @pulumi/pulumi's cmd/run when it has already printed an
// actionable error for the user; the engine should then not add its own.
const exitAfterUserActionableMessage = 32

func main() {
	flags := flag.NewFlagSet("pulumi-language-nodejs", flag.ContinueOnError)
	tracing := flags.String("tracing", "", "Zipkin-compatible tracing endpoint (passed through to node)")
	_ = flags.String("root", "", "ignored (accepted for compatibility)")
	_ = flags.Bool("typescript", true, "ignored; use the `typescript` runtime option in Pulumi.yaml")
	if err := flags.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	engineAddress := ""
	if flags.NArg() > 0 {
		engineAddress = flags.Arg(flags.NArg() - 1)
	}

	nodeBin, err := exec.LookPath("node")
	if err != nil {
		fmt.Fprintf(os.Stderr, "error: could not find node on the $PATH: %v\n", err)
		os.Exit(1)
	}

	host := &nodeHost{nodeBin: nodeBin, engineAddress: engineAddress, tracing: *tracing}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "error: could not start language host RPC server: %v\n", err)
		os.Exit(1)
	}

	// The engine reads the port from our first line of output.
	fmt.Printf("%d\n", handle.Port)

	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "error: language host RPC stopped serving: %v\n", err)
		os.Exit(1)
	}
}

type nodeHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	nodeBin       string
	engineAddress string
	tracing       string
}

func (h *nodeHost) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *nodeHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

// programDir returns the directory holding the program's package.json.
func programDir(info *pulumirpc.ProgramInfo, fallback string) string {
	if d := info.GetProgramDirectory(); d != "" {
		return d
	}
	if fallback != "" {
		return fallback
	}
	wd, _ := os.Getwd()
	return wd
}

// runtimeOptions returns the `runtime.options` map of Pulumi.yaml.
func runtimeOptions(info *pulumirpc.ProgramInfo) map[string]any {
	if info.GetOptions() == nil {
		return map[string]any{}
	}
	return info.GetOptions().AsMap()
}

// resolveModule asks node where a module is, starting from dir (like `require` in the program would).
func (h *nodeHost) resolveModule(dir, module string) (string, error) {
	script := fmt.Sprintf("console.log(require.resolve(%q))", module)
	cmd := exec.Command(h.nodeBin, "-e", script)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) && len(exitErr.Stderr) > 0 {
			return "", fmt.Errorf("%w: %s", err, strings.TrimSpace(string(exitErr.Stderr)))
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

func (h *nodeHost) Run(_ context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	dir := programDir(info, req.GetPwd())
	opts := runtimeOptions(info)

	runPath := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH")
	if runPath == "" {
		var err error
		runPath, err = h.resolveModule(dir, "@pulumi/pulumi/cmd/run")
		if err != nil {
			return &pulumirpc.RunResponse{Error: fmt.Sprintf(
				"It looks like the Pulumi SDK has not been installed in %s. Have you run npm install? (%v)", dir, err)}, nil
		}
	}

	var args []string
	if nodeargs, ok := opts["nodeargs"].(string); ok && strings.TrimSpace(nodeargs) != "" {
		args = append(args, strings.Fields(nodeargs)...)
	}
	args = append(args, runPath)
	add := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name+"="+value)
		}
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", h.engineAddress)
	add("organization", req.GetOrganization())
	add("project", req.GetProject())
	add("root-directory", info.GetRootDirectory())
	add("stack", req.GetStack())
	add("pwd", req.GetPwd())
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	if req.GetParallel() > 0 {
		add("parallel", fmt.Sprint(req.GetParallel()))
	}
	add("tracing", h.tracing)
	entry := info.GetEntryPoint()
	if entry == "" {
		entry = req.GetProgram() //nolint:staticcheck // older engines only fill Program
	}
	if entry == "" {
		entry = "."
	}
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	config := req.GetConfig()
	if config == nil {
		config = map[string]string{}
	}
	configJSON, err := json.Marshal(config)
	if err != nil {
		return nil, fmt.Errorf("serializing config: %w", err)
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, fmt.Errorf("serializing config secret keys: %w", err)
	}

	env := append(os.Environ(),
		"PULUMI_CONFIG="+string(configJSON),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON),
	)
	typescript := true
	if ts, ok := opts["typescript"].(bool); ok {
		typescript = ts
	}
	env = append(env, fmt.Sprintf("PULUMI_NODEJS_TYPESCRIPT=%t", typescript))
	if tsconfig, ok := opts["tsconfig"].(string); ok && tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}

	cmd := exec.Command(h.nodeBin, args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if exitErr.ExitCode() == exitAfterUserActionableMessage {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{Error: fmt.Sprintf(
				"Program exited with non-zero exit code: %d", exitErr.ExitCode())}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf(
			"Problem executing program (could not run language executor): %v", err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// packageJSON holds the package.json fields we read.
type packageJSON struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Pulumi  struct {
		Resource bool   `json:"resource"`
		Name     string `json:"name"`
		Version  string `json:"version"`
		Server   string `json:"server"`
	} `json:"pulumi"`
	Dependencies    map[string]string `json:"dependencies"`
	DevDependencies map[string]string `json:"devDependencies"`
}

func readPackageJSON(path string) (*packageJSON, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var p packageJSON
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("parsing %s: %w", path, err)
	}
	return &p, nil
}

// nodeModulesPackages lists package.json paths of the packages installed in the
// node_modules folder nearest to dir (top level and @scope/name).
func nodeModulesPackages(dir string) []string {
	var nm string
	for d := dir; ; d = filepath.Dir(d) {
		if st, err := os.Stat(filepath.Join(d, "node_modules")); err == nil && st.IsDir() {
			nm = filepath.Join(d, "node_modules")
			break
		}
		if filepath.Dir(d) == d {
			return nil
		}
	}
	var out []string
	entries, _ := os.ReadDir(nm)
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		if strings.HasPrefix(name, "@") {
			scoped, _ := os.ReadDir(filepath.Join(nm, name))
			for _, s := range scoped {
				out = append(out, filepath.Join(nm, name, s.Name(), "package.json"))
			}
			continue
		}
		out = append(out, filepath.Join(nm, name, "package.json"))
	}
	sort.Strings(out)
	return out
}

type resourcePlugin struct{ name, version, server string }

func requiredResourcePlugins(dir string) []resourcePlugin {
	var plugins []resourcePlugin
	for _, path := range nodeModulesPackages(dir) {
		p, err := readPackageJSON(path)
		if err != nil || !p.Pulumi.Resource {
			continue
		}
		name := p.Pulumi.Name
		if name == "" {
			name = strings.TrimPrefix(p.Name, "@pulumi/")
			name = strings.TrimPrefix(name, "@")
		}
		ver := p.Pulumi.Version
		if ver == "" {
			ver = p.Version
		}
		if ver != "" && !strings.HasPrefix(ver, "v") {
			ver = "v" + ver
		}
		if name == "" {
			continue
		}
		plugins = append(plugins, resourcePlugin{name: name, version: ver, server: p.Pulumi.Server})
	}
	return plugins
}

func (h *nodeHost) GetRequiredPackages(
	_ context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	resp := &pulumirpc.GetRequiredPackagesResponse{}
	for _, p := range requiredResourcePlugins(programDir(req.GetInfo(), "")) {
		resp.Packages = append(resp.Packages, &pulumirpc.PackageDependency{
			Kind: "resource", Name: p.name, Version: p.version, Server: p.server,
		})
	}
	return resp, nil
}

func (h *nodeHost) GetRequiredPlugins(
	_ context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	resp := &pulumirpc.GetRequiredPluginsResponse{}
	for _, p := range requiredResourcePlugins(programDir(req.GetInfo(), "")) {
		resp.Plugins = append(resp.Plugins, &pulumirpc.PluginDependency{
			Kind: "resource", Name: p.name, Version: p.version, Server: p.server,
		})
	}
	return resp, nil
}

func (h *nodeHost) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	out, err := exec.Command(h.nodeBin, "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("running node --version: %w", err)
	}
	return &pulumirpc.AboutResponse{
		Executable: h.nodeBin,
		Version:    strings.TrimPrefix(strings.TrimSpace(string(out)), "v"),
	}, nil
}

func (h *nodeHost) GetProgramDependencies(
	_ context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	dir := programDir(req.GetInfo(), "")
	pkg, err := readPackageJSON(filepath.Join(dir, "package.json"))
	if err != nil {
		return nil, err
	}
	names := map[string]bool{}
	for n := range pkg.Dependencies {
		names[n] = true
	}
	if req.GetTransitiveDependencies() {
		for n := range pkg.DevDependencies {
			names[n] = true
		}
	}
	resp := &pulumirpc.GetProgramDependenciesResponse{}
	for n := range names {
		ver := ""
		if installed, err := h.resolveModule(dir, n+"/package.json"); err == nil {
			if p, err := readPackageJSON(installed); err == nil {
				ver = p.Version
			}
		}
		resp.Dependencies = append(resp.Dependencies, &pulumirpc.DependencyInfo{Name: n, Version: ver})
	}
	sort.Slice(resp.Dependencies, func(i, j int) bool { return resp.Dependencies[i].Name < resp.Dependencies[j].Name })
	return resp, nil
}

// streamWriter forwards command output to the engine as InstallDependencies responses.
type streamWriter struct {
	stream grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse]
	stderr bool
}

func (w streamWriter) Write(p []byte) (int, error) {
	b := append([]byte(nil), p...)
	msg := &pulumirpc.InstallDependenciesResponse{Stdout: b}
	if w.stderr {
		msg = &pulumirpc.InstallDependenciesResponse{Stderr: b}
	}
	if err := w.stream.Send(msg); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (h *nodeHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest,
	stream grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	dir := programDir(req.GetInfo(), req.GetDirectory()) //nolint:staticcheck // Directory is the pre-Info field
	pm := "npm"
	if v, ok := runtimeOptions(req.GetInfo())["packagemanager"].(string); ok && v != "" {
		pm = v
	}
	bin, err := exec.LookPath(pm)
	if err != nil {
		return fmt.Errorf("could not find %s on the $PATH: %w", pm, err)
	}
	cmd := exec.Command(bin, "install")
	cmd.Dir = dir
	cmd.Stdout = io.Writer(streamWriter{stream: stream})
	cmd.Stderr = io.Writer(streamWriter{stream: stream, stderr: true})
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s install in %s failed: %w", pm, dir, err)
	}
	return nil
}
