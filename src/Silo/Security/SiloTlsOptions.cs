namespace Fleet.Silo.Security;

/// <summary>
/// Mutual TLS between silos (<c>Fleet:SiloTls</c>): every silo presents <see cref="CertificatePath"/> and accepts
/// only peers whose certificate chains to <see cref="AuthorityPath"/>. The file names fit a cert-manager Secret
/// mounted as a volume (<c>tls.crt</c>, <c>tls.key</c>, <c>ca.crt</c>).
/// </summary>
/// <param name="CertificatePath"><c>Fleet:SiloTls:Certificate</c>: this silo's certificate, PEM.</param>
/// <param name="KeyPath"><c>Fleet:SiloTls:Key</c>: its private key, PEM (unencrypted; protect the file instead).</param>
/// <param name="AuthorityPath"><c>Fleet:SiloTls:CA</c>: the authority (or authorities) silo certificates are issued by, PEM.</param>
public sealed record SiloTlsOptions(string CertificatePath, string KeyPath, string AuthorityPath);
