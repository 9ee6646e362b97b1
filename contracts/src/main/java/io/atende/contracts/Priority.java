package io.atende.contracts;

public enum Priority {
    LOW, NORMAL, HIGH, URGENT
}
