package io.secretjdbc.compat;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * An entity whose secret fields are not strings. Each secret column is a text column (it holds
 * ciphertext), declared with columnDefinition since the field's own SQL type (date, numeric...) could
 * not hold it; Hibernate still binds and reads the Java types it knows. A {@code byte[]} field is bound
 * with {@code setBytes} and read with {@code getBytes}: the bytes themselves are encrypted, and the
 * column holds Base64 text like every secret (a text column, not a binary one).
 */
@Entity
@Table(name = "credential_details")
public class CredentialDetails {

    @Id
    private Long id;

    @Column(name = "birth_date", columnDefinition = "varchar(200)")
    private LocalDate birthDate;

    @Column(name = "last_login", columnDefinition = "varchar(200)")
    private LocalDateTime lastLogin;

    @Column(name = "expires_at", columnDefinition = "varchar(200)")
    private Instant expiresAt;

    @Column(name = "balance", columnDefinition = "varchar(200)")
    private BigDecimal balance;

    @Column(name = "pin", columnDefinition = "varchar(200)")
    private Integer pin;

    @Column(name = "card_number", columnDefinition = "varchar(200)")
    private Long cardNumber;

    @Column(name = "active", columnDefinition = "varchar(200)")
    private Boolean active;

    @Column(name = "fingerprint", columnDefinition = "varchar(200)")
    private byte[] fingerprint;

    protected CredentialDetails() {
    }

    public CredentialDetails(Long id, LocalDate birthDate, LocalDateTime lastLogin, Instant expiresAt, BigDecimal balance,
                             Integer pin, Long cardNumber, Boolean active, byte[] fingerprint) {
        this.id = id;
        this.birthDate = birthDate;
        this.lastLogin = lastLogin;
        this.expiresAt = expiresAt;
        this.balance = balance;
        this.pin = pin;
        this.cardNumber = cardNumber;
        this.active = active;
        this.fingerprint = fingerprint;
    }

    public LocalDate getBirthDate() {
        return birthDate;
    }

    public LocalDateTime getLastLogin() {
        return lastLogin;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public BigDecimal getBalance() {
        return balance;
    }

    public void setBalance(BigDecimal balance) {
        this.balance = balance;
    }

    public Integer getPin() {
        return pin;
    }

    public Long getCardNumber() {
        return cardNumber;
    }

    public Boolean getActive() {
        return active;
    }

    public byte[] getFingerprint() {
        return fingerprint;
    }

    public void setFingerprint(byte[] fingerprint) {
        this.fingerprint = fingerprint;
    }
}
