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
 * not hold it; Hibernate still binds and reads the Java types it knows.
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

    protected CredentialDetails() {
    }

    public CredentialDetails(Long id, LocalDate birthDate, LocalDateTime lastLogin, Instant expiresAt, BigDecimal balance,
                             Integer pin, Long cardNumber, Boolean active) {
        this.id = id;
        this.birthDate = birthDate;
        this.lastLogin = lastLogin;
        this.expiresAt = expiresAt;
        this.balance = balance;
        this.pin = pin;
        this.cardNumber = cardNumber;
        this.active = active;
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
}
