using System.Globalization;
using System.Net;
using Fleet.Silo.Security;

namespace Fleet.Silo.Hosting;

/// <summary>Where the silo keeps grain state, reminders and membership.</summary>
public enum FleetStorage
{
    /// <summary>Local mode: localhost clustering, in-memory state and reminders (lost on restart).</summary>
    Memory,

    /// <summary>Production mode: Redis clustering, grain storage, reminders and the Data Protection key ring.</summary>
    Redis,
}

/// <summary>
/// How the silo is hosted, read from configuration section "Fleet" before the host is built (Orleans is configured
/// while the builder runs, so these cannot wait for the options system).
/// </summary>
public sealed class FleetHostingOptions
{
    /// <summary>The configuration section the options are read from.</summary>
    public const string Section = "Fleet";

    /// <summary>The Redis key that holds the shared Data Protection key ring.</summary>
    public const string DataProtectionKey = "fleet:data-protection-keys";

    /// <summary><c>Fleet:Storage</c>: Memory (default) or Redis.</summary>
    public FleetStorage Storage { get; init; } = FleetStorage.Memory;

    /// <summary><c>Fleet:Redis:ConnectionString</c>: a StackExchange.Redis configuration string; required in Redis mode.</summary>
    public string? RedisConnectionString { get; init; }

    /// <summary><c>Fleet:ClusterId</c>: silos with the same cluster id form one cluster.</summary>
    public string ClusterId { get; init; } = "fleet";

    /// <summary><c>Fleet:ServiceId</c>: the identity grain state and reminders are stored under; stable across deployments.</summary>
    public string ServiceId { get; init; } = "fleet";

    /// <summary><c>Fleet:SiloPort</c>: silo-to-silo port.</summary>
    public int SiloPort { get; init; } = 11111;

    /// <summary>
    /// <c>Fleet:GatewayPort</c>: the Orleans client gateway port, 0 (the default) for none. Fleet's API runs inside the
    /// silo and needs no gateway; an open gateway lets whoever reaches it call any grain.
    /// </summary>
    public int GatewayPort { get; init; }

    /// <summary><c>Fleet:SiloTls</c>: mutual TLS between silos; null when not configured.</summary>
    public SiloTlsOptions? SiloTls { get; init; }

    /// <summary><c>Fleet:DataProtection</c>: the certificates that encrypt the Data Protection key ring; null: stored unencrypted.</summary>
    public KeyRingOptions? KeyRing { get; init; }

    /// <summary><c>Fleet:AdvertisedIP</c>: the address other silos reach this one at; loopback when not set outside Kubernetes.</summary>
    public IPAddress? AdvertisedIP { get; init; }

    /// <summary><c>Fleet:Kubernetes:Enabled</c>, or on when the POD_NAME environment variable is set.</summary>
    public bool Kubernetes { get; init; }

    /// <summary><c>Fleet:ShutdownTimeout</c>: how long a stopping silo may take to finish work and hand its grains over.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>Fleet:MinimumReminderPeriod</c>: lowers Orleans' one-minute floor (tests and demos only).</summary>
    public TimeSpan? MinimumReminderPeriod { get; init; }

    /// <summary>Reads and validates the options; throws <see cref="FleetConfigurationException"/> naming the bad key.</summary>
    public static FleetHostingOptions Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var errors = new List<string>();

        var storageText = section["Storage"];
        var storage = FleetStorage.Memory;
        if (!string.IsNullOrWhiteSpace(storageText) && !Enum.TryParse(storageText, ignoreCase: true, out storage))
        {
            errors.Add($"Fleet:Storage must be Memory or Redis, not '{storageText}'.");
        }

        var connectionString = section["Redis:ConnectionString"];
        if (storage == FleetStorage.Redis && string.IsNullOrWhiteSpace(connectionString))
        {
            errors.Add("Fleet:Redis:ConnectionString is required when Fleet:Storage is Redis (environment variable Fleet__Redis__ConnectionString, e.g. 127.0.0.1:6379).");
        }

        var siloPort = Port(section, "SiloPort", 11111, errors);
        var gatewayPort = section["GatewayPort"] is "0" ? 0 : Port(section, "GatewayPort", 0, errors);

        IPAddress? advertised = null;
        if (section["AdvertisedIP"] is { Length: > 0 } ipText && !IPAddress.TryParse(ipText, out advertised))
        {
            errors.Add($"Fleet:AdvertisedIP must be an IP address, not '{ipText}'.");
        }

        var kubernetes = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("POD_NAME"));
        if (section["Kubernetes:Enabled"] is { Length: > 0 } kubernetesText)
        {
            if (!bool.TryParse(kubernetesText, out kubernetes))
            {
                errors.Add($"Fleet:Kubernetes:Enabled must be true or false, not '{kubernetesText}'.");
            }
        }
        if (kubernetes && storage != FleetStorage.Redis)
        {
            errors.Add("Fleet:Kubernetes:Enabled needs Fleet:Storage=Redis: Kubernetes hosting is not a membership store.");
        }

        var siloTls = ReadSiloTls(section.GetSection("SiloTls"), errors);
        var listensBeyondLoopback = kubernetes || (advertised is not null && !IPAddress.IsLoopback(advertised));
        if (listensBeyondLoopback && siloTls is null && !Flag(section, "SiloTls:AllowPlaintext", errors))
        {
            errors.Add("Fleet:SiloTls:Certificate, Key and CA are required when silos listen beyond loopback "
                + "(Fleet:Kubernetes:Enabled or Fleet:AdvertisedIP): without them anyone who reaches the silo port can call any grain. "
                + "Set Fleet:SiloTls:AllowPlaintext=true only where the network alone keeps others out.");
        }

        var keyRing = ReadKeyRing(section.GetSection("DataProtection"), errors);

        var shutdown = Duration(section, "ShutdownTimeout", errors) ?? TimeSpan.FromSeconds(30);
        var minimumReminder = Duration(section, "MinimumReminderPeriod", errors);

        var clusterId = section["ClusterId"] is { Length: > 0 } c ? c : "fleet";
        var serviceId = section["ServiceId"] is { Length: > 0 } s ? s : "fleet";

        if (errors.Count > 0)
        {
            throw new FleetConfigurationException("Fleet cannot start: " + string.Join(" ", errors));
        }

        return new FleetHostingOptions
        {
            Storage = storage,
            RedisConnectionString = connectionString,
            ClusterId = clusterId,
            ServiceId = serviceId,
            SiloPort = siloPort,
            GatewayPort = gatewayPort,
            SiloTls = siloTls,
            KeyRing = keyRing,
            AdvertisedIP = advertised,
            Kubernetes = kubernetes,
            ShutdownTimeout = shutdown,
            MinimumReminderPeriod = minimumReminder,
        };
    }

    private static int Port(IConfigurationSection section, string key, int fallback, List<string> errors)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536)
        {
            return port;
        }
        errors.Add($"Fleet:{key} must be a port number between 1 and 65535, not '{text}'.");
        return fallback;
    }

    private static SiloTlsOptions? ReadSiloTls(IConfigurationSection section, List<string> errors)
    {
        var certificate = section["Certificate"];
        var key = section["Key"];
        var authority = section["CA"];
        if (string.IsNullOrWhiteSpace(certificate) && string.IsNullOrWhiteSpace(key) && string.IsNullOrWhiteSpace(authority))
        {
            return null;
        }
        var missing = new[] { ("Certificate", certificate), ("Key", key), ("CA", authority) }
            .Where(setting => string.IsNullOrWhiteSpace(setting.Item2)).Select(setting => "Fleet:SiloTls:" + setting.Item1).ToList();
        if (missing.Count > 0)
        {
            errors.Add($"{string.Join(", ", missing)} must be set too: silo TLS needs a certificate, its key and the CA that issues silo certificates.");
            return null;
        }
        return new SiloTlsOptions(certificate!, key!, authority!);
    }

    private static KeyRingOptions? ReadKeyRing(IConfigurationSection section, List<string> errors)
    {
        var current = ReadCertificateFiles(section, "Fleet:DataProtection", errors);
        var previous = section.GetSection("Previous").GetChildren()
            .Select(child => ReadCertificateFiles(child, "Fleet:DataProtection:Previous:" + child.Key, errors))
            .ToList();
        if (current is null)
        {
            if (previous.Count > 0)
            {
                errors.Add("Fleet:DataProtection:Previous needs Fleet:DataProtection:Certificate and Key: new keys must be encrypted to a current certificate.");
            }
            return null;
        }
        return previous.Any(files => files is null) ? null : new KeyRingOptions(current, [.. previous.OfType<CertificateFiles>()]);
    }

    private static CertificateFiles? ReadCertificateFiles(IConfigurationSection section, string name, List<string> errors)
    {
        var certificate = section["Certificate"];
        var key = section["Key"];
        if (string.IsNullOrWhiteSpace(certificate) && string.IsNullOrWhiteSpace(key))
        {
            return null;
        }
        if (string.IsNullOrWhiteSpace(certificate) || string.IsNullOrWhiteSpace(key))
        {
            errors.Add($"{name}:Certificate and {name}:Key must be set together: the key ring is encrypted to the certificate and read with its key.");
            return null;
        }
        return new CertificateFiles(certificate, key);
    }

    private static bool Flag(IConfigurationSection section, string key, List<string> errors)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        if (bool.TryParse(text, out var value))
        {
            return value;
        }
        errors.Add($"Fleet:{key} must be true or false, not '{text}'.");
        return false;
    }

    private static TimeSpan? Duration(IConfigurationSection section, string key, List<string> errors)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero)
        {
            return value;
        }
        errors.Add($"Fleet:{key} must be a positive duration such as 00:00:30, not '{text}'.");
        return null;
    }
}

/// <summary>Configuration that keeps the silo from starting; the message names the key and the reason.</summary>
public sealed class FleetConfigurationException(string message) : Exception(message);
