package io.partshift.cli;
public final class Partshift { public static void main(String[] a) { System.out.println("partshift"); } }
