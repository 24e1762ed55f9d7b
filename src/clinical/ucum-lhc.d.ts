// Types for the parts of @lhncbc/ucum-lhc 7.x that src/clinical uses; the package ships none.
// Other modules should convert units through src/clinical/index.ts rather than import ucum-lhc.
declare module '@lhncbc/ucum-lhc' {
  interface UcumUnit {
    /** UCUM "special" units (Cel, [degF], [pH], dB, …) convert by a function, not by a factor. */
    readonly isSpecial_: boolean;
    /** UCUM arbitrary units ([IU], [arb'U], …) are commensurable with nothing but themselves. */
    readonly isArbitrary_: boolean;
    readonly name_: string;
  }

  interface ConvertUnitResult {
    status: 'succeeded' | 'failed' | 'error';
    toVal: number | null;
    msg: string[];
    fromUnit?: UcumUnit;
    toUnit?: UcumUnit;
  }

  interface ValidateUnitResult {
    status: 'valid' | 'invalid' | 'error';
    ucumCode: string | null;
    msg: string[];
    unit?: { code: string; name: string; guidance: string | null };
  }

  interface UcumLhcUtils {
    convertUnitTo(
      fromUnitCode: string,
      fromVal: number,
      toUnitCode: string,
      options?: { suggest?: boolean; molecularWeight?: number; charge?: number },
    ): ConvertUnitResult;
    validateUnitString(unitString: string, suggest?: boolean): ValidateUnitResult;
  }

  // Import these by name: the CommonJS entry sets __esModule, so wherever it is compiled to CommonJS
  // (tsx outside an ESM package, bundlers) a default import is undefined.
  export const Ucum: { readonly needMoleWeightMsg_: string };
  /** getInstance() builds a new object on every call (ucum-lhc 7 dropped the singleton); methods live on the prototype. */
  export const UcumLhcUtils: { getInstance(): UcumLhcUtils; prototype: UcumLhcUtils };
  export const UnitTables: { getInstance(): { getUnitByCode(code: string): UcumUnit | undefined } };
}
